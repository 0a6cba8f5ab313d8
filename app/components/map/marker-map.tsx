import { useEffect, useRef, useState } from "react";
import { NETHERLANDS_BOUNDS, type MapMarker } from "../../utils/map";

export interface MarkerMapProps {
  /** Each with `label`, what the marker is called for a screen reader and on hover ("Project: …"). */
  markers: (MapMarker & { label: string })[];
  tileUrl: string;
  /** HTML: text and links only (checked when the env is read, app/utils/map.ts). */
  attribution: string;
  /** Words, already translated: the region's name, the zoom buttons, each kind's name. */
  label: string;
  loading: string;
  zoomIn: string;
  zoomOut: string;
}

/**
 * The map itself (docs/decisions/068-map.md). Leaflet touches `window`, so it is imported only in
 * the browser, after hydration; the server renders the empty frame and the page's list is the way
 * that works without it. Markers are Leaflet's own focusable elements (Enter opens the popup);
 * a popup holds a link to the thing's page.
 */
export function MarkerMap({ markers, tileUrl, attribution, label, loading, zoomIn, zoomOut }: MarkerMapProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let map: { remove(): void } | null = null;
    void import("leaflet").then((mod) => {
      // The bundler hands Leaflet's CommonJS build over as the module's default export.
      const L = mod.default;
      const element = frame.current;
      if (cancelled || !element) return;
      const m = L.map(element, { zoomControl: false, scrollWheelZoom: false, attributionControl: false });
      map = m;
      L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(m);
      L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(m);
      L.tileLayer(tileUrl, { attribution, maxZoom: 19 }).addTo(m);
      // The first layer's markers on top (the page's order), so a project is not buried under items.
      const kinds = [...new Set(markers.map((x) => x.kind))];
      for (const marker of markers) {
        const icon = L.divIcon({ className: `bk-marker bk-marker-${marker.kind}`, iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10] });
        L.marker([marker.lat, marker.lng], {
          icon,
          title: marker.label,
          keyboard: true,
          riseOnHover: true,
          zIndexOffset: (kinds.length - kinds.indexOf(marker.kind)) * 1000,
        })
          .bindPopup(popupContent(marker))
          .addTo(m);
      }
      if (markers.length) m.fitBounds(L.latLngBounds(markers.map((x) => [x.lat, x.lng] as [number, number])), { padding: [30, 30], maxZoom: 15 });
      else m.fitBounds(NETHERLANDS_BOUNDS);
      setReady(true);
    });
    return () => {
      cancelled = true;
      map?.remove();
    };
    // The page memoizes `markers`: the map is made again only when the markers or the words change.
  }, [markers, tileUrl, attribution, zoomIn, zoomOut]);
  return (
    <div className="relative">
      <div
        ref={frame}
        role="region"
        aria-label={label}
        aria-busy={!ready}
        className="bk-map z-0 h-[60vh] max-h-[34rem] min-h-72 w-full overflow-hidden rounded-lg border border-stone-300 bg-stone-100"
      />
      {ready ? null : <p className="absolute inset-x-0 top-1/2 -translate-y-1/2 px-4 text-center text-sm text-stone-700">{loading}</p>}
    </div>
  );
}

/** The popup: the title as a link to its page, and the area; built as elements (a title is the author's text). */
function popupContent(marker: MapMarker): HTMLElement {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = marker.href;
  link.textContent = marker.title;
  link.className = "font-semibold";
  box.append(link);
  if (marker.subtitle) {
    const sub = document.createElement("div");
    sub.textContent = marker.subtitle;
    box.append(sub);
  }
  return box;
}
