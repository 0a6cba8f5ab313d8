import { useEffect, useState } from "react";
import { useT } from "../../i18n/use-t";

/**
 * "Print" for a receipt (issue 13 §17). Printing itself is the browser's: the print styles
 * (`print:` classes, app/tailwind.css) leave out the header, footer and buttons. Without JavaScript
 * the button cannot work, so until the page is live it says where the browser's own Print is.
 */
export function PrintButton() {
  const t = useT();
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  if (!live) return <p className="text-sm text-stone-700 print:hidden">{t("print.hint")}</p>;
  return (
    <button type="button" className="btn-secondary print:hidden" onClick={() => window.print()}>
      {t("print.button")}
    </button>
  );
}
