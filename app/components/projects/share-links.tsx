import { useState } from "react";
import { useT } from "../../i18n/use-t";

/** Plain links (no trackers, no scripts from other sites); "copy link" is the one that needs JS. */
export function ShareLinks({ url, title }: { url: string; title: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(`${title} ${url}`);
  const links = [
    { name: "WhatsApp", href: `https://wa.me/?text=${text}` },
    { name: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: "X", href: `https://x.com/intent/post?url=${u}&text=${encodeURIComponent(title)}` },
    { name: "LinkedIn", href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: t("projects.share.email"), href: `mailto:?subject=${encodeURIComponent(title)}&body=${text}` },
  ];
  return (
    <div>
      <h2 className="text-sm font-semibold text-stone-800">{t("projects.share.title")}</h2>
      <ul className="mt-2 flex flex-wrap gap-2">
        {links.map((l) => (
          <li key={l.name}>
            <a href={l.href} target="_blank" rel="noopener noreferrer" className="btn-secondary px-3 py-1.5">
              {l.name}
              <span className="sr-only"> {t("projects.share.newWindow")}</span>
            </a>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="btn-secondary px-3 py-1.5"
            onClick={() => {
              void navigator.clipboard?.writeText(url).then(() => setCopied(true));
            }}
          >
            {copied ? t("projects.share.copied") : t("projects.share.copy")}
          </button>
        </li>
      </ul>
      <p className="mt-2 break-all text-xs text-stone-600">{url}</p>
    </div>
  );
}
