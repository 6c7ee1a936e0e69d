import { describe, expect, it } from 'vitest';
import { isAutoReply, parseReplyText } from '#mail/parse-reply';

/** Revision 2 of the reading rules (`../shared/docs/update-form.md`, step 3 and step 7). */

const TYPED = 'Numbers are up this quarter.';

/** The note of a reply whose owner typed {@link TYPED} above the given lines. */
function noteAbove(...lines: string[]): string | null {
  return parseReplyText([TYPED, '', ...lines, '', 'The original request.', 'Status: Green'].join('\n')).note;
}

describe('parseReplyText revision 2: quote headers', () => {
  it.each([
    ['an English attribution wrapped after "<"', ['On Mon, Aug 26, 2019 at 4:37 PM Corporate Parenting Board <', 'updates@notify.example.org> wrote:']],
    ['an attribution without its colon', ['On Wed, 14 Nov 2018 08:14:43 -0200 Jo Bloggs <jo@example.org> wrote']],
    ['a Zoho attribution between dashes', ['---- On Wed, 24 Feb 2021 14:02:50 +0530 jo@example.org wrote ----']],
    ['a French attribution', ['Le 12 déc. 2016 à 19:05, Jo Bloggs <jo@example.org> a écrit :']],
    ['a French attribution wrapped', ['Le mar. 12 déc. 2016 à 19:05, Jo Bloggs <jo@example.org>', 'a écrit :']],
    ['a German attribution', ['Am 13.12.2017 21:11 schrieb Jo Bloggs <jo@example.org>:']],
    ['a Dutch attribution wrapped', ['Op 12 december 2016 19:05 schreef Jo Bloggs <', 'jo@example.org>:']],
    ['an Italian attribution wrapped', ['Il giovedì 8 dicembre 2016, Jo Bloggs <jo@example.org>', 'ha scritto:']],
    ['a Portuguese attribution wrapped', ['Em 10 de julho de 2017 às 16:32:35, Jo Bloggs (', 'jo@example.org) escreveu:']],
    ['a Polish attribution', ['Dnia 27 grudnia 2016 12:08 Jo Bloggs <jo@example.org> napisał(a):']],
    ['a Finnish attribution wrapped', ['pe 20. lokakuuta 2017 klo 17.50 Jo Bloggs', '<jo@example.org> kirjoitti:']],
    ['a Norwegian attribution whose ">" wrapped', ['tir. 18. apr. 2017 kl. 13:09 skrev Jo Bloggs <jo@example.org', '>:']],
    ['a wordless Gmail attribution', ['2017-11-24 16:32 GMT+01:00 Jo Bloggs <jo@example.org>:']],
    ['a line of underscores', ['________________________________']],
    ['a German separator', ['-----Ursprüngliche Nachricht-----']],
    ['a French separator', ["-------- Message d'origine --------"]],
    ['a Danish separator', ['-------- Oprindelig besked --------']],
    ['an Outlook block', ['From: Jo Bloggs <jo@example.org>', 'Sent: 03 May 2011 09:12', 'To: Lorna Beedham', 'Subject: Update']],
    ['an Outlook block with the address wrapped', ['From: Jo Bloggs', '<jo@example.org>', 'Sent: 03 May 2011 09:12', 'To: Lorna Beedham']],
    ['a German Outlook block', ['Von: Jo Bloggs <jo@example.org>', 'Gesendet: Donnerstag, 23. März 2023 17:11', 'An: Lorna', 'Betreff: AW: Update']],
    ['a French Outlook block', ['De : Jo Bloggs', 'Envoyé le : jeudi 15 décembre 2016 09:35', 'À : Lorna', 'Objet : Update']],
    ['a Dutch Outlook block', ['Van: Jo Bloggs', 'Verzonden: maandag 5 december 2016 17:00', 'Aan: Lorna', 'Onderwerp: Update']],
    ['an Italian Outlook block', ['Da: Jo Bloggs', 'Inviato: martedì 3 gennaio 2017 10:35', 'A: Lorna', 'Oggetto: Update']],
    ['a French block dated first', ['Message du : 12/12/2016 13:20', 'De : Jo Bloggs', 'A : Lorna', 'Sujet : Update']],
  ])('ends the note at %s', (_what, header) => {
    expect(noteAbove(...header)).toBe(TYPED);
  });

  it('keeps a line of text above an attribution out of it', () => {
    const text = ['Hello', 'On Mon, 2 May 2011, Jo Bloggs <jo@example.org> wrote:', '> the request'].join('\n');

    expect(parseReplyText(text).note).toBe('Hello');
  });

  it('keeps an answer starting "From:" with a date below it but no "To:" or "Subject:"', () => {
    const text = ['---- Action 1.1.1 ----', 'Status: Green', 'Summary:', 'From: the September data', 'Sent: to the board on 3 May'].join('\n');

    expect(parseReplyText(text).updates[0]?.summary).toBe('From: the September data\nSent: to the board on 3 May');
  });

  it('closes the open block at a quote header: label lines below it are no answers without a marker', () => {
    // a reply to a confirmation: the read-back below the header repeats the values
    const text = [
      '---- Action 1.1.1 ----',
      'Status: Green',
      '',
      'On Tue, 3 May 2011 at 09:12, Corporate Parenting Board <updates@notify.example.org> wrote:',
      'Summary: Read back from the confirmation.',
      'Risks: None recorded.',
    ].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ action: '1.1.1', status: 'on_track', summary: null, risks: null });
  });

  it('closes the open block at a quoted quote header too', () => {
    const text = [
      '> ---- Action 1.1.1 ----',
      '> Status:',
      'Green',
      '> On Mon, 2 May 2011, Jo Bloggs <jo@example.org> wrote:',
      '> Summary:',
      'Not an answer.',
    ].join('\n');

    expect(parseReplyText(text).updates[0]).toMatchObject({ status: 'on_track', summary: null });
  });
});

describe('parseReplyText revision 2: signatures', () => {
  it.each([
    ['"Sent from my iPhone"', 'Sent from my iPhone'],
    ['"Get Outlook for iOS"', 'Get Outlook for iOS<https://aka.ms/o0ukef>'],
    ['"Sent from Outlook"', 'Sent from Outlook'],
    ['"Sent with Sparrow"', 'Sent with Sparrow (http://www.sparrowmailapp.com/?sig)'],
    ['a German app tagline', 'Gesendet von Outlook für Android<https://aka.ms/AAb9ysg>'],
    ['a French app tagline', 'Envoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>'],
    ['"Thanks, Lorna"', 'Thanks, Lorna'],
    ['"Many thanks Lorna Beedham"', 'Many thanks Lorna Beedham'],
    ['"Cheers 🎉"', 'Cheers 🎉'],
    ['a bare "--" outside the blocks', '--'],
  ])('drops %s and what follows from the note', (_what, line) => {
    const text = [TYPED, '', line, 'Lorna Beedham', 'Nottingham City Council'].join('\n');

    expect(parseReplyText(text).note).toBe(TYPED);
  });

  it.each([
    ['"Thanks for the reminder."', 'Thanks for the reminder.'],
    ['"Thanks for your help!"', 'Thanks for your help!'],
    ['"Thanks all"', 'Thanks all'],
    ['"Sent from my desk, …"', 'Sent from my desk, is much easier then my mobile phone.'],
  ])('keeps %s in the note as a message', (_what, line) => {
    expect(parseReplyText(`${TYPED}\n\n${line}`).note).toBe(`${TYPED}\n\n${line}`);
  });

  it('keeps a bare "--" inside a block as an answer, not a signature', () => {
    const text = '---- Action 1.1.1 ----\nStatus: Green\nRisks:\n--\nActions to address risks: Weekly checks.';

    expect(parseReplyText(text).updates[0]).toMatchObject({ risks: '--', mitigation: 'Weekly checks.' });
  });
});

describe('parseReplyText revision 2: bottom-posted notes', () => {
  it('takes the text below a quoted original as the note when nothing is above it', () => {
    const text = ['On 04/02/2012 06:26 PM, Jo Bloggs wrote:', '> Hi', '> Please send your update.', '', 'Hello, all on track.', '', 'Lorna'].join('\n');

    expect(parseReplyText(text).note).toBe('Hello, all on track.\n\nLorna');
  });

  it('drops a signature from a bottom-posted note', () => {
    const text = ['On 04/02/2012 06:26 PM, Jo Bloggs wrote:', '> Hi', '', 'Hello, all on track.', '', 'Kind regards', 'Lorna'].join('\n');

    expect(parseReplyText(text).note).toBe('Hello, all on track.');
  });

  it('prefers the text above the quoted original', () => {
    const text = ['Above.', '', 'On 04/02/2012 06:26 PM, Jo Bloggs wrote:', '> Hi', '', 'Below.'].join('\n');

    expect(parseReplyText(text).note).toBe('Above.');
  });

  it('takes no note from an inline reply: text between quoted lines is answers, its last line no note', () => {
    const text = ['On 04/02/2012 06:26 PM, Jo Bloggs wrote:', '> First question?', 'Yes.', '> Second question?', 'No.'].join('\n');

    expect(parseReplyText(text).note).toBeNull();
  });

  it('takes no note from below an unquoted (Outlook) original', () => {
    const text = ['From: Jo Bloggs', 'Sent: 03 May 2011 09:12', 'To: Lorna', '', 'The original request.'].join('\n');

    expect(parseReplyText(text).note).toBeNull();
  });
});

describe('parseReplyText revision 2: labels and description lines', () => {
  it.each([
    ['" - "', 'Status - Green', 'Summary - Done in April.'],
    ['" – "', 'Status – Green', 'Summary – Done in April.'],
    ['" = "', 'Status = Green', 'Summary = Done in April.'],
    ['a bold label and " - "', '**Status** - Green', '*Summary* - Done in April.'],
  ])('reads a label followed by %s', (_what, status, summary) => {
    const { updates } = parseReplyText(['---- Action 1.1.1 ----', status, summary].join('\n'));

    expect(updates[0]).toMatchObject({ status: 'on_track', summary: 'Done in April.' });
  });

  it('reads an empty label with a separator at the end of the line, its value below', () => {
    const { updates } = parseReplyText(['---- Action 1.1.1 ----', 'Status -', 'Green', 'Summary =', 'Done.'].join('\n'));

    expect(updates[0]).toMatchObject({ status: 'on_track', summary: 'Done.' });
  });

  it('keeps a value line with " - " in it that starts with no label', () => {
    const { updates } = parseReplyText(['---- Action 1.1.1 ----', 'Status: Green', 'Summary:', 'PEP rate - 91% in April.'].join('\n'));

    expect(updates[0]?.summary).toBe('PEP rate - 91% in April.');
  });

  it.each([
    ['Measure: PEP completion rate.'],
    ['> Baseline: 87% (Jan 2011).'],
    ['Target: 99% in city.'],
    ['Due: 1 June 2011'],
    ['Last update (Q4 2010/11): At risk'],
  ])('ends a field at the description line "%s"', (line) => {
    const text = ['---- Action 1.1.1 ----', 'Status: Green', 'Summary: Done in April.', line, 'Not part of it.'].join('\n');

    expect(parseReplyText(text).updates[0]?.summary).toBe('Done in April.');
  });
});

describe('isAutoReply revision 2: read reports, recalls and other languages', () => {
  it('recognises a read report', () => {
    const headers = new Map([['content-type', ['multipart/report; report-type=disposition-notification; boundary="x"']]]);

    expect(isAutoReply(headers, 'Read: Update request')).toBe(true);
  });

  it.each([
    'Recall: Update request',
    'Ateb awtomatig: Update request',
    'Automatische Antwort: Update request',
    'Abwesenheitsnotiz: Update request',
    'Réponse automatique : Update request',
    'Absence du bureau',
    'Automatisch antwoord: Update request',
    'Respuesta automática: Update request',
    'Risposta automatica: Update request',
  ])('recognises the subject %j', (subject) => {
    expect(isAutoReply(new Map(), subject)).toBe(true);
  });

  it("takes a person's reply about a recall for a person", () => {
    expect(isAutoReply(new Map(), 'Re: Recall of the April figures')).toBe(false);
  });
});

describe('parseReplyText revision 2: ref – status lines and initials', () => {
  const form = [
    'On Tue, 3 May 2011 at 09:12, Corporate Parenting Board <updates@notify.example.org> wrote:',
    '> ---- Action 1.1.1 ----',
    '> Status:',
    '> Summary:',
    '> ---- Action 1.1.2 ----',
    '> Status:',
  ].join('\n');

  it.each([
    ['" – "', '1.1.1 – Green, on schedule'],
    ['" - "', '1.1.1 - Green, on schedule'],
    ['":"', '1.1.1: Green, on schedule'],
  ])("reads a ref, %s and a status above the form as that action's status and summary", (_what, line) => {
    const { updates, note } = parseReplyText(`Hi,\n${line}\n\n${form}`);

    expect(updates).toEqual([{ action: '1.1.1', status: 'on_track', evidence: null, summary: 'on schedule', risks: null, mitigation: null }]);
    expect(note).toBe('Hi,');
  });

  it('reads a ref line with a status only', () => {
    const { updates } = parseReplyText(`1.1.2 – Red\n\n${form}`);

    expect(updates).toEqual([{ action: '1.1.2', status: 'off_track', evidence: null, summary: null, risks: null, mitigation: null }]);
  });

  it("keeps a line with a ref that is not one of the form's actions, or no status, in the note", () => {
    const { updates, note } = parseReplyText(`9.9.9 – Green\n1.1.1 – see the attached report\n\n${form}`);

    expect(updates).toEqual([]);
    expect(note).toBe('9.9.9 – Green\n1.1.1 – see the attached report');
  });

  it.each([
    ['"LB: "', 'LB: '],
    ['"[LB] "', '[LB] '],
  ])('drops an initials prefix %s shared by every answer', (_what, prefix) => {
    const text = [
      '---- Action 1.1.1 ----',
      `Status: ${prefix}Green`,
      `Summary: ${prefix}Done in April.`,
      '---- Action 1.1.2 ----',
      `Risks: ${prefix}Staffing.`,
    ].join('\n');

    const { updates, problems } = parseReplyText(text);

    expect(updates.map((u) => [u.status, u.summary, u.risks])).toEqual([
      ['on_track', 'Done in April.', null],
      [null, null, 'Staffing.'],
    ]);
    expect(problems).toHaveLength(1);
  });

  it('keeps a prefix that not every answer has, and a single "NB: " answer', () => {
    const mixed = parseReplyText(['---- Action 1.1.1 ----', 'Status: Green', 'Summary: LB: Done.', 'Risks: LB: None.'].join('\n'));
    const single = parseReplyText(['---- Action 1.1.1 ----', 'Summary: NB: figures are provisional.'].join('\n'));

    expect(mixed.updates[0]).toMatchObject({ summary: 'LB: Done.', risks: 'LB: None.' });
    expect(single.updates[0]?.summary).toBe('NB: figures are provisional.');
  });
});

describe('parseReplyText revision 2: hard-wrapped answers read as typed', () => {
  const wrapped = [
    '---- Action 1.1.1 ----',
    'Status: Green',
    // wrapped as Gmail does: no line over 76 columns, the next word never fits
    'Summary: Out-of-city PEPs are now tracked weekly by the virtual school and',
    'the team reviews every overdue plan with the social worker within five days',
    'of it falling due.',
  ].join('\n');

  it('joins lines the client wrapped near 76 columns', () => {
    expect(parseReplyText(wrapped).updates[0]?.summary).toBe(
      'Out-of-city PEPs are now tracked weekly by the virtual school and the team reviews every overdue plan with the social worker within five days of it falling due.',
    );
  });

  it('keeps short lines, lines ending a sentence and list items as typed', () => {
    const text = [
      '---- Action 1.1.1 ----',
      'Status: Green',
      'Summary: Out-of-city PEPs are now tracked weekly by the virtual school team.',
      'Take-up is highest in Years 9 and 10.',
      'Short line',
      'next line.',
      'Three things happened this quarter that the board should know about in May',
      '- the audit',
    ].join('\n');

    expect(parseReplyText(text).updates[0]?.summary).toBe(
      [
        'Out-of-city PEPs are now tracked weekly by the virtual school team.',
        'Take-up is highest in Years 9 and 10.',
        'Short line',
        'next line.',
        'Three things happened this quarter that the board should know about in May',
        '- the audit',
      ].join('\n'),
    );
  });
});

describe('parseReplyText revision 2: answers typed inside the quote', () => {
  /** A request's block as Apple Mail quotes it, with the owner's answers typed after the quoted labels. */
  const insideTheQuote = (status: string, summary: string) => [
    'Answers below.',
    '',
    'On 4 May 2026, at 09:00, Corporate Parenting Board <updates@notify.example.org> wrote:',
    '',
    '> Dear Lorna,',
    '> ---- Action 3.1.1 ----',
    '> Improve PEP process for CiC in out-of city placements.',
    '> Measure: PEP completion rate increased.',
    `> Status: ${status}`,
    '> Evidence update:',
    `> Summary: ${summary}`,
    '> Risks:',
    '> ---- End of form ----',
  ];

  it('reads them as answers when nothing was answered outside the quote', () => {
    const reply = parseReplyText(insideTheQuote('Green', 'All PEPs on time.').join('\n'));

    expect(reply.updates).toEqual([{ action: '3.1.1', status: 'on_track', evidence: null, summary: 'All PEPs on time.', risks: null, mitigation: null }]);
    expect(reply.note).toBe('Answers below.');
  });

  it('ignores them when the owner answered outside the quote: quoted lines are the original', () => {
    const text = ['---- Action 3.1.2 ----', 'Status: Amber', '', ...insideTheQuote('Green', 'Old summary.')].join('\n');

    expect(parseReplyText(text).updates).toEqual([{ action: '3.1.2', status: 'at_risk', evidence: null, summary: null, risks: null, mitigation: null }]);
  });

  it('finds nothing in a quoted blank form', () => {
    const blank = insideTheQuote('', '').map((line) => line.trimEnd());

    expect(parseReplyText(blank.join('\n')).updates).toEqual([]);
  });

  it('reads no quoted read-back, of the present confirmations or of the older ones without bullets', () => {
    const readBack = (bullet: string) => [
      'Thanks!',
      '',
      'On 4 May 2026, at 10:02, PlanPulse <updates@notify.example.org> wrote:',
      '',
      '> Dear Lorna,',
      '> Thank you. We recorded your update on 1 action:',
      '> Action 3.1.1: Improve PEP process for CiC in out-of city placements.',
      `>   ${bullet}Status: At risk`,
      `>   ${bullet}Summary: Out-of-city PEPs now tracked weekly.`,
    ];

    for (const bullet of ['• ', '']) expect(parseReplyText(readBack(bullet).join('\n')).updates).toEqual([]);
  });
});
