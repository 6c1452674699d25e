/** What the language checks of the browser tests read: a page's visible text, and the Latin words in it. */

/**
 * What may appear in Latin letters on a Chinese page, and why; kept short on purpose.
 * - D1–D8, A–D and A1–D4: the plan's own codes of its deliverables, checklist areas and items (方案 names them so).
 * - PDF, OFD, Excel, XLSX, JPEG, PNG, CSV, JSON: names of file formats, which have no Chinese name users would recognise
 *   (the campaign form's advanced options edit the definition as JSON).
 * - English: the language switch names the language it switches to, in that language.
 * - UTC: never alone, only in the offset of a zone without a Chinese name — not expected with Asia/Shanghai.
 * URLs, e-mail addresses and complaints' tracking codes (which the public is given to keep; their check symbol may
 * also be * ~ $ =) are removed before the check: they are addresses, not words. So is what an element marked
 * data-lang-exempt shows: an identifier a person typed or must type (a username, a key's label, a one-time token) or
 * an official code (the registry's codes its roster file matches by, 统一社会信用代码), a spot-check's random seed (shown so
 * that a draw can be reproduced).
 */
const ALLOWED = [/^D[1-8]$/, /^[A-D][1-5]?$/, /^(pdf|ofd|excel|xlsx|jpeg|png|csv|json)$/i, /^English$/];
const ADDRESSES = [
  /https?:\/\/\S+/g,
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  /\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z*~$=](?![0-9A-Za-z])/g,
];

/** The page's visible text, without what elements marked data-lang-exempt show. */
export const VISIBLE_TEXT = `(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[data-lang-exempt], script, style, noscript, option') || !el.checkVisibility()) continue;
    out.push(n.textContent);
  }
  for (const select of document.querySelectorAll('select')) if (select.selectedOptions[0] && select.checkVisibility()) out.push(select.selectedOptions[0].textContent);
  return out.join(' ');
})()`;

/** The Latin words of a text outside the allow-list. */
export function latinWords(text: string): string[] {
  let rest = text;
  for (const re of ADDRESSES) rest = rest.replace(re, ' ');
  // a word is a run of letters, digits and _ with a Latin letter in it, joined by - or . (ids such as i-0a1b, 8ab-c)
  const words = rest.match(/[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.some((re) => re.test(w))))];
}
