import { fallbackOf, type ImageSet, srcSetOf, widestOf } from "../../storage/images";

/**
 * Every picture of the app goes through here (docs/decisions/064; a test finds any other `<img>`):
 * `srcset` with the widths there are and `sizes` for where it is shown, so a phone with an 80 px
 * thumbnail loads the 160 px file and not the 800 px card; `width`/`height` so the page does not
 * jump when it arrives; lazy loading and async decoding, except for the one picture at the top of
 * a project's or an item's page (`priority`), which the browser should fetch first.
 */
export function ResponsiveImage({
  image,
  alt,
  sizes,
  width,
  height,
  priority = false,
  className,
}: {
  image: ImageSet;
  /** As before: the words from t(), or "" for a picture that only decorates what its text says. */
  alt: string;
  /** How wide it is shown, as in the `sizes` attribute: "80px", "(min-width: 1024px) 22rem, 100vw". */
  sizes: string;
  /** The shown size in CSS pixels (a thumbnail), or leave out for the picture's own ratio (fluid). */
  width?: number;
  height?: number;
  priority?: boolean;
  className?: string;
}) {
  const widest = widestOf(image);
  const w = width ?? widest.width;
  const h = height ?? (width ? Math.round((width * widest.height) / widest.width) : widest.height);
  return (
    <img
      src={fallbackOf(image, w).url}
      srcSet={srcSetOf(image)}
      sizes={sizes}
      width={w}
      height={h}
      alt={alt}
      decoding="async"
      {...(priority ? { fetchpriority: "high" } : { loading: "lazy" as const })}
      className={className}
    />
  );
}
