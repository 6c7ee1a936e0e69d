import { FOOTER_STYLE, h1, htmlPage, oneLine, para } from './layout.ts';
import { firstName } from './update-form.ts';

/** What each kind of finding is called in a sentence to the owner. */
const KIND_WORDS: Record<string, string> = {
  name: 'a name',
  'date-of-birth': 'a date of birth',
  age: 'an age',
  'nhs-number': 'an NHS number',
  upn: 'a pupil number',
  postcode: 'a postcode',
  address: 'an address',
  phone: 'a phone number',
  email: 'an email address',
};

export interface PrivacyNoticeModel {
  ownerName: string;
  planName: string;
  cycleName: string;
  entries: Array<{ actionRef: string; kinds: string[] }>;
}

const list = (words: string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

/**
 * To an owner whose update the board pack holds back: once per cycle, kindly, what was held
 * back and why, and what to write instead next time. Their update is kept and counts.
 */
export function renderPrivacyNotice(m: PrivacyNoticeModel) {
  const refs = m.entries.map((e) => e.actionRef);
  const actions = refs.length === 1 ? `action ${refs[0]}` : `actions ${list(refs)}`;
  const kinds = list([...new Set(m.entries.flatMap((e) => e.kinds))].map((k) => KIND_WORDS[k] ?? 'a personal detail'));
  const subject = oneLine(`Your update for ${actions} is held back from the public board papers for now: ${m.planName} - ${m.cycleName}`);
  const body = [
    `Dear ${firstName(m.ownerName)},`,
    `Thank you for your update for ${actions}. It is recorded and counts in every report.`,
    `The board papers are published, and your update seems to include ${kinds} that could identify a child or family. So we have held it back from the board pack until a coordinator has checked it; they may publish it with those details taken out. You do not need to do anything.`,
    'Next time, please describe children without names, dates of birth or addresses, for example "a young person in foster care" or "a 15-year-old". Reports to the board only need the numbers and what changed.',
    'This is an automated message. If you think it is wrong, tell the plan coordinator.',
  ];
  return {
    subject,
    text: `${body.join('\n\n')}\n`,
    html: htmlPage(
      'Your update is held back from the board papers for now',
      h1('Your update is held back from the board papers for now') + body.map((p, i) => para(p, i === body.length - 1 ? FOOTER_STYLE : undefined)).join(''),
    ),
  };
}
