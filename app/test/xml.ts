/**
 * A strict enough check that a document is well-formed XML, for the sitemap and feed tests (no XML
 * parser among the dependencies): one root element, every tag closed in order, attribute values
 * quoted and without `<`, and every `&` an entity. Throws with the place it stopped.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const token = /<!--[\s\S]*?-->|<\/([A-Za-z_][\w:.-]*)\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|[^<]+/y;
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    const m = token.exec(body);
    if (!m) throw new Error(`not well-formed at ${at}: ${JSON.stringify(body.slice(at, at + 60))}`);
    const [all, close, open, attrs = "", selfClosing] = m;
    if (entity.test(all) && !all.startsWith("<!--")) throw new Error(`a bare & at ${at}: ${JSON.stringify(all.slice(0, 60))}`);
    if (close) {
      if (stack.pop() !== close) throw new Error(`</${close}> closes nothing open at ${at}`);
    } else if (open) {
      if (stack.length === 0) roots++;
      const names = [...attrs.matchAll(/([A-Za-z_][\w:.-]*)\s*=/g)].map((a) => a[1]);
      if (new Set(names).size !== names.length) throw new Error(`a repeated attribute in <${open}> at ${at}`);
      if (!selfClosing) stack.push(open);
    } else if (stack.length === 0 && all.trim()) {
      throw new Error(`text outside the root element at ${at}`);
    }
    at += all.length;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}
