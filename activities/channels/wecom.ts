import type { Sql } from 'postgres';
import { CHANNEL_TABLE } from '../../domain/notifications/channels';
import { robotOf, sendParts } from './robotPace';
import { SendError } from './sendError';
import type { ChannelModule } from './types';
import { postJson } from './webhook';

/** WeCom answers that are worth another try (-1 busy) or mean "slow down" (45009); any other non-zero is permanent. */
const WECOM_RETRY = new Set([-1]);
const WECOM_THROTTLED = new Set([45009]);

/**
 * WeCom (企业微信) group robot: POST {msgtype: "markdown", markdown: {content}} to its webhook URL (…/send?key=…);
 * content at most 4,096 bytes, 20 messages a minute (https://developer.work.weixin.qq.com/document/path/91770).
 */
export function wecomChannel(sql: Sql): ChannelModule {
  const limits = CHANNEL_TABLE.wecom.limits;
  return {
    enabled: true,
    async send(o) {
      const robot = await robotOf(sql, 'wecom', o.address);
      const parts = await sendParts(sql, o, robot, limits, async (content) => {
        const res = await postJson(
          robot.webhookUrl,
          {},
          JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
        );
        robotAnswer(res.text, WECOM_RETRY, WECOM_THROTTLED);
      });
      return { detail: `wecom: ${parts} message(s)` };
    },
  };
}

/** Reads a robot's {errcode, errmsg}; 0 is success, the rest a SendError of its kind. */
export function robotAnswer(text: string, retry: Set<number>, throttled: Set<number>, throttledForMs?: number): void {
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new SendError('retry', `robot answered no JSON: ${text.slice(0, 100)}`);
  }
  const code = answer.errcode ?? -1;
  if (code === 0) return;
  const detail = `errcode ${code}: ${answer.errmsg ?? ''}`.slice(0, 300);
  if (throttled.has(code)) throw new SendError('throttled', detail, throttledForMs);
  throw new SendError(retry.has(code) ? 'retry' : 'permanent', detail);
}
