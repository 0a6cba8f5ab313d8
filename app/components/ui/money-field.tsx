import type { InputHTMLAttributes } from "react";
import { useLocale } from "../../i18n/use-t";
import { centsToInput } from "../../utils/money";
import { type FieldMessage, FieldShell } from "./field";

type MoneyFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type" | "defaultValue" | "inputMode"> & {
  label: string;
  name: string;
  hint?: string;
  error?: FieldMessage;
  optional?: boolean;
  /** What the field shows first: cents (written the user's way, "12,50" / "12.50") or the text typed before. */
  defaultValue?: string | number | null;
};

/**
 * THE money input: a text field with a euro sign that opens the number keyboard on phones. What
 * people type is read by the one parser, in their language (app/utils/money-field.ts); cents given
 * as `defaultValue` are written their way.
 */
export function MoneyField({ label, hint, error, optional, className, defaultValue, ...input }: MoneyFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} optional={optional} className={className}>
      {({ inputId, describedBy, invalid }) => (
        <MoneyInput
          id={inputId}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          defaultValue={defaultValue}
          optional={optional}
          {...input}
        />
      )}
    </FieldShell>
  );
}

type MoneyInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "defaultValue" | "inputMode"> & {
  name: string;
  optional?: boolean;
  defaultValue?: string | number | null;
};

/** The bare control, for layouts that label it themselves (the funding plan's rows). */
export function MoneyInput({ defaultValue, optional, className, ...input }: MoneyInputProps) {
  const locale = useLocale();
  const shown = typeof defaultValue === "number" ? (defaultValue === 0 && optional ? "" : centsToInput(defaultValue, locale)) : (defaultValue ?? undefined);
  return (
    <div className={`relative ${className ?? ""}`}>
      <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-stone-600">
        €
      </span>
      <input className="input pl-7" type="text" inputMode="decimal" autoComplete="off" defaultValue={shown} {...input} />
    </div>
  );
}
