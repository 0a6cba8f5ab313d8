import type { ButtonHTMLAttributes, FormEvent, MouseEvent } from "react";

/**
 * Destructive actions ask first (issue 13 §3): a plain `window.confirm` in the language of the page,
 * so it works on every phone and with a screen reader. Without JavaScript the form posts directly —
 * each of these actions is also explained next to its button.
 */
export function confirmOnSubmit(message: string) {
  return (event: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(message)) event.preventDefault();
  };
}

/** A submit button that asks first; for forms with several buttons (pause, unlist). */
export function ConfirmButton({ confirm, onClick, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { confirm: string }) {
  return (
    <button
      type="submit"
      {...props}
      onClick={(event: MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        if (!event.defaultPrevented && !window.confirm(confirm)) event.preventDefault();
      }}
    />
  );
}
