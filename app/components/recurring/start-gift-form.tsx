import { Form, useNavigation } from "@remix-run/react";
import { FormErrorSummary } from "../ui/field";
import { MoneyField } from "../ui/money-field";
import type { MessageKey } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

/**
 * The form that starts a monthly gift — to a project or to a neighbourhood fund — posting the amount
 * to its route, which sends the giver to the gateway's hosted page. Works without JavaScript.
 */
export function StartGiftForm({ errors, amount }: { errors?: Partial<Record<string, MessageKey>>; amount?: string | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card space-y-4 p-6" noValidate>
      <p className="text-stone-700">{t("recurring.start.intro")}</p>
      <FormErrorSummary errors={errors} />
      <MoneyField
        label={t("recurring.start.amount")}
        name="amount"
        hint={t("recurring.start.hint")}
        error={errors?.amount}
        defaultValue={amount === undefined ? 1000 : amount}
        required
      />
      <button type="submit" className="btn-primary" disabled={busy}>
        {t("recurring.start.submit")}
      </button>
    </Form>
  );
}
