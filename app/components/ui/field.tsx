import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import type { MessageKey, MessageParams } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

/** An error next to a field: a message key, or one with the values it names ("Minimaal € 15 …"). */
export type FieldMessage = MessageKey | { key: MessageKey; params: MessageParams };

interface FieldShellProps {
  label: string;
  hint?: string;
  error?: FieldMessage;
  optional?: boolean;
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  className?: string;
}

/** Label, hint and error text tied to the control (aria-describedby, aria-invalid). */
export function FieldShell({ label, hint, error, optional, children, className }: FieldShellProps) {
  const t = useT();
  const id = useId();
  const inputId = `${id}-input`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ?? "space-y-1"}>
      <label htmlFor={inputId} className="block text-sm font-medium text-stone-800">
        {label} {optional ? <span className="font-normal text-stone-600">{t("form.optional")}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {children({ inputId, describedBy, invalid: Boolean(error) })}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700" role="alert">
          {typeof error === "string" ? t(error) : t(error.key, error.params)}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  label: string;
  name: string;
  hint?: string;
  error?: MessageKey;
  optional?: boolean;
};

export function TextField({ label, hint, error, optional, className, ...input }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} optional={optional} className={className}>
      {({ inputId, describedBy, invalid }) => (
        <input id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="input" {...input} />
      )}
    </FieldShell>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & {
  label: string;
  name: string;
  hint?: string;
  error?: MessageKey;
  optional?: boolean;
};

export function TextArea({ label, hint, error, optional, className, ...input }: TextAreaProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} optional={optional} className={className}>
      {({ inputId, describedBy, invalid }) => (
        <textarea id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="input min-h-28" {...input} />
      )}
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  label: string;
  name: string;
  hint?: string;
  error?: MessageKey;
  optional?: boolean;
  options: { value: string; label: string }[];
  placeholder?: string;
};

export function SelectField({ label, hint, error, optional, options, placeholder, className, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} optional={optional} className={className}>
      {({ inputId, describedBy, invalid }) => (
        <select id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="input" {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** Shown above a form when the action returned errors, so screen-reader users hear it first. */
export function FormErrorSummary({ errors }: { errors?: Partial<Record<string, MessageKey>> }) {
  const t = useT();
  if (!errors || Object.keys(errors).length === 0) return null;
  const formError = errors._form;
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {formError ? t(formError) : t("form.errorSummary")}
    </div>
  );
}
