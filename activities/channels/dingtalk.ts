import { createHmac } from 'node:crypto';
import type { Sql } from 'postgres';
import { CHANNEL_TABLE } from '../../domain/notifications/channels';
import { robotOf, sendParts } from './robotPace';
import type { ChannelModule } from './types';
import { postJson } from './webhook';
import { robotAnswer } from './wecom';

/**
 * DingTalk (钉钉) custom robot: POST {msgtype: "markdown", markdown: {title, text}} to its webhook URL
 * (…/robot/send?access_token=…), signed when the robot has a secret: `&timestamp=<ms>&sign=<sign>` with
 * sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))); 20 messages a minute, and a robot that
 * passes it is throttled for 10 minutes (https://open.dingtalk.com/document/robots/custom-robot-access).
 *
 * A refused signature or keyword (310000) is retried: the robot's settings are read again at each attempt, so a secret
 * corrected while the delivery retries goes through, and one corrected later goes through on an operator's retry.
 */
const DINGTALK_RETRY = new Set([-1, 310000]);
const DINGTALK_THROTTLED = new Set([130101, 410100]);

export function dingtalkSign(secret: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(mac);
}

export function signedUrl(webhookUrl: string, secret: string | undefined, nowMs = Date.now()): string {
  if (!secret) return webhookUrl;
  const sep = webhookUrl.includes('?') ? '&' : '?';
  return `${webhookUrl}${sep}timestamp=${nowMs}&sign=${dingtalkSign(secret, nowMs)}`;
}

export function dingtalkChannel(sql: Sql): ChannelModule {
  const limits = CHANNEL_TABLE.dingtalk.limits;
  return {
    enabled: true,
    async send(o) {
      const robot = await robotOf(sql, 'dingtalk', o.address);
      const parts = await sendParts(sql, o, robot, limits, async (text, title) => {
        const body = JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
        const res = await postJson(signedUrl(robot.webhookUrl, robot.secret), {}, body);
        robotAnswer(res.text, DINGTALK_RETRY, DINGTALK_THROTTLED, limits.throttledForMs);
      });
      return { detail: `dingtalk: ${parts} message(s)` };
    },
  };
}
