import type { Outgoing } from './types';

/**
 * How a digest reads (docs/NOTIFICATIONS.md "Digests"): one message stays itself; several become one titled by their
 * count, each a numbered paragraph, ending with the link to the work queue.
 */
export function digestText(o: Pick<Outgoing, 'messages' | 'queueLink'>): { title: string; text: string } {
  if (o.messages.length === 1) return { title: o.messages[0].title, text: o.messages[0].text };
  const items = o.messages.map((m, i) => `${i + 1}. ${m.title}\n${m.text}`);
  const tail = o.queueLink ? `\n\n全部待办：${o.queueLink}` : '';
  return { title: `专项整治提醒：${o.messages.length} 条待办`, text: `${items.join('\n\n')}${tail}` };
}

/**
 * The markdown of a robot's digest, split into parts of at most maxBytes UTF-8 bytes (WeCom: 4,096): each part a
 * heading with its number and the items that fit, the last with the link to the work queue. An item longer than a
 * part alone is cut with an ellipsis.
 */
export function markdownParts(o: Pick<Outgoing, 'messages' | 'queueLink'>, maxBytes: number): string[] {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const heading = (n: number, of: number) =>
    `### 专项整治提醒${of > 1 ? `（${n}/${of}）` : ''}：${o.messages.length} 条待办\n`;
  const tail = o.queueLink ? `\n[查看全部待办](${o.queueLink})` : '';
  const room = maxBytes - bytes(heading(99, 99)) - bytes(tail);
  const items = o.messages.map((m) => cut(`\n**${m.title}**\n${m.text}${m.link ? `\n[查看](${m.link})` : ''}\n`, room));
  const groups: string[][] = [[]];
  for (const item of items) {
    const current = groups[groups.length - 1];
    if (current.length && bytes(current.join('') + item) > room) groups.push([item]);
    else current.push(item);
  }
  return groups.map((g, i) => `${heading(i + 1, groups.length)}${g.join('')}${i === groups.length - 1 ? tail : ''}`);
}

function cut(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(`${out}${ch}…\n`, 'utf8') > maxBytes) break;
    out += ch;
  }
  return `${out}…\n`;
}
