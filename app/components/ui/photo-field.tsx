import { type ComponentProps, useState } from "react";
import type { MessageKey } from "../../i18n/i18n";
import { checkPickedFiles } from "../../storage/images";
import { TextField } from "./field";

/**
 * A file field for photos that checks their size in the browser before anything is sent (issue 13
 * §1): a photo over the limit is refused next to the field at once, the choice is cleared, and
 * nothing else on the form is touched. The server checks the same limits (app/http/uploads.server.ts).
 */
export function PhotoField({ error, onChange, ...props }: Omit<ComponentProps<typeof TextField>, "type">) {
  const [picked, setPicked] = useState<MessageKey | null>(null);
  return (
    <TextField
      {...props}
      type="file"
      accept={props.accept ?? "image/jpeg,image/png,image/webp"}
      error={picked ?? error}
      onChange={(event) => {
        const files = Array.from(event.currentTarget.files ?? []);
        const problem = checkPickedFiles(files.map((f) => f.size));
        setPicked(problem);
        if (problem) event.currentTarget.value = "";
        onChange?.(event);
      }}
    />
  );
}
