import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { logout } from "../auth/guards.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return logout(context, request);
}

export async function loader() {
  // Logging out changes state, so it is POST only; a visit just goes home.
  return redirect("/");
}
