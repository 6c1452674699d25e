import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local fakes of the WeCom and DingTalk group robots (neither publishes one), answering as the real ones document:
 *
 * WeCom (https://developer.work.weixin.qq.com/document/path/91770): POST /cgi-bin/webhook/send?key=<key> with
 *   {msgtype:"markdown", markdown:{content}}; an unknown key → errcode 93000; content over 4,096 bytes → 40058;
 *   more than 20 messages in a minute → 45009.
 * DingTalk (https://open.dingtalk.com/document/robots/custom-robot-access): POST /robot/send?access_token=<token>
 *   [&timestamp=<ms>&sign=<sign>] with {msgtype:"markdown", markdown:{title, text}}; an unknown token → 300001; a
 *   robot with a secret checks the timestamp (within an hour) and sign = urlEncode(base64(HmacSHA256(secret,
 *   timestamp + "\n" + secret))) → 310000 "sign not match"; a robot with a keyword wants it in the message → 310000;
 *   past 20 messages in a minute the robot is throttled for 10 minutes → 130101.
 *
 * Every request is recorded, accepted or not, with the arrival time on the given clock (the time-skipping server's).
 */
export interface RobotArrival {
  kind: 'wecom' | 'dingtalk';
  robot: string;
  at: number;
  accepted: boolean;
  errcode: number;
  text: string;
  bytes: number;
}

interface DingTalkRobot {
  secret?: string;
  keyword?: string;
}

export async function startRobotFakes(clock: () => Promise<number> | number = () => Date.now()) {
  const wecom = new Set<string>();
  const dingtalk = new Map<string, DingTalkRobot>();
  const arrivals: RobotArrival[] = [];
  const recent = new Map<string, number[]>();
  const throttledUntil = new Map<string, number>();

  /** Messages this robot took in the minute before `now` (refused ones do not count). */
  const minute = (robot: string, now: number) => (recent.get(robot) ?? []).filter((t) => t > now - 60_000);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const now = await clock();
        const url = new URL(req.url ?? '/', 'http://fake');
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: { msgtype?: string; markdown?: { content?: string; title?: string; text?: string } } = {};
        try {
          body = JSON.parse(raw) as typeof body;
        } catch {
          // errcode 40001-ish below
        }
        let kind: RobotArrival['kind'];
        let robot: string;
        let errcode = 0;
        let errmsg = 'ok';
        let text = '';
        if (url.pathname === '/cgi-bin/webhook/send') {
          kind = 'wecom';
          robot = url.searchParams.get('key') ?? '';
          text = body.markdown?.content ?? '';
          if (!wecom.has(robot)) [errcode, errmsg] = [93000, 'invalid webhook url'];
          else if (body.msgtype !== 'markdown' || !text) [errcode, errmsg] = [40008, 'invalid message type'];
          else if (Buffer.byteLength(text, 'utf8') > 4096)
            [errcode, errmsg] = [40058, 'markdown.content exceed max length 4096'];
          else if (minute(robot, now).length >= 20) [errcode, errmsg] = [45009, 'api freq out of limit'];
        } else if (url.pathname === '/robot/send') {
          kind = 'dingtalk';
          robot = url.searchParams.get('access_token') ?? '';
          text = body.markdown?.text ?? '';
          const config = dingtalk.get(robot);
          const timestamp = Number(url.searchParams.get('timestamp'));
          const sign = url.searchParams.get('sign') ?? '';
          if (!config) [errcode, errmsg] = [300001, 'token is not exist'];
          else if (config.secret && (!timestamp || Math.abs(Date.now() - timestamp) > 3600_000))
            [errcode, errmsg] = [310000, 'invalid timestamp'];
          else if (
            config.secret &&
            sign !== createHmac('sha256', config.secret).update(`${timestamp}\n${config.secret}`).digest('base64')
          )
            [errcode, errmsg] = [310000, 'sign not match'];
          else if (config.keyword && !text.includes(config.keyword))
            [errcode, errmsg] = [310000, 'keywords not in content'];
          else if ((throttledUntil.get(robot) ?? 0) > now)
            [errcode, errmsg] = [130101, 'send too fast, exceed 20 times per minute'];
          else if (minute(robot, now).length >= 20) {
            throttledUntil.set(robot, now + 10 * 60_000);
            [errcode, errmsg] = [130101, 'send too fast, exceed 20 times per minute'];
          }
        } else {
          res.writeHead(404).end();
          return;
        }
        if (errcode === 0) recent.set(robot, [...minute(robot, now), now]);
        arrivals.push({ kind, robot, at: now, accepted: errcode === 0, errcode, text, bytes: Buffer.byteLength(text) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    host: `127.0.0.1:${port}`,
    arrivals,
    /** A WeCom robot's webhook URL, its key known to the fake. */
    wecomRobot(key: string) {
      wecom.add(key);
      return `${base}/cgi-bin/webhook/send?key=${key}`;
    },
    /** A DingTalk robot's webhook URL; with a secret it checks signatures, with a keyword the content. */
    dingtalkRobot(token: string, o: DingTalkRobot = {}) {
      dingtalk.set(token, o);
      return `${base}/robot/send?access_token=${token}`;
    },
    accepted: (robot: string) => arrivals.filter((a) => a.robot === robot && a.accepted),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type RobotFakes = Awaited<ReturnType<typeof startRobotFakes>>;
