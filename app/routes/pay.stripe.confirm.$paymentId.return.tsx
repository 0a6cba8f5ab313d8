// Where Stripe sends the payer back after 3-D Secure: the same step decides where to go next
// (Stripe's page again if it still waits, else the page that asked for the payment).
export { loader } from "./pay.stripe.confirm.$paymentId._index";
