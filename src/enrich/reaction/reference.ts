// FROZEN REFERENCE COPY — NOT USED BY THE PRODUCT.
// The reaction classifier as it was at rules-1.0.0 before the speed rewrite (commit e023e98:
// src/enrich/reaction/index.ts + cues.ts, one regex scan of the whole post per cue, ~30-55 µs per
// post). Kept only so that bench.ts can time old vs new and equivalence.ts can check that the fast
// classifier (index.ts) decides exactly the same on any text. Do not edit; do not import from
// product code. Delete it (with bench/equivalence's comparison) once the comparison is no longer
// wanted.
import type { Annotations, EnrichContext, EnrichInput, Reaction } from "../types.ts";
import { REACTIONS } from "../types.ts";

type CueKind = "cue" | "fact" | "voiced" | "rebuke";
interface Cue { label: Reaction; strength: number; kind: CueKind; negatable: boolean; re: RegExp }

/** A negator up to three filler words before a cue ("not sorry", "i'm not at all sorry", "not a legend"). */
const NEGATED_BEFORE = /\b(?:not|never|no|nor|nothing|isn't|wasn't|aren't|weren't|ain't|don't|doesn't|didn't|won't|can't|cannot|hardly|without)\s+(?:(?:so|too|very|really|even|that|at|all|a|an|the|one|bit|feeling|feel|be|being|to|need|have)\s+){0,3}$/;
/** How far back the negator may start (characters). */
const NEGATION_WINDOW = 48;
const NEG_MARK = "\u0000neg\u0000";
/** Marks a cue as negatable: checked after a match (a lookbehind here would slow every scan). */
const neg = (src: string): string => NEG_MARK + src;

const table: Array<[Reaction, number, string] | [Reaction, number, string, CueKind]> = [
  // ---- condolence: sorrow or sympathy about the loss or event
  ["condolence", 1.2, neg(String.raw`\bsorry\b(?!,?\s+(?:but|not|if|to (?:say|tell|break|burst|bother|disappoint|interrupt))\b)`)],
  ["condolence", 1.2, String.raw`\bcondolences?\b|\bsympath(?:y|ies)\b`],
  ["condolence", 1, String.raw`\bheartbroken\b|\bheart (?:is |was )?(?:\w+ )?(?:breaking|broken|aches|hurts|sank|heavy)\b|\bbreaks? my heart|\bheart goes out|\bhearts go out|\bheavy heart`],
  ["condolence", 0.8, String.raw`\bheart-?break(?:ing|s)?\b`],
  ["condolence", 1.2, String.raw`(?<![\w'])r\.?i\.?p\b(?!\s+off)|\brest (?:in (?:peace|power|paradise)|easy|well|now)\b|\brestin(?:peace|power)\b`],
  ["condolence", 1, String.raw`\b(?:i'm|i am|we're|we are|so|absolutely|just) devastated\b|\bgutted\b`],
  ["condolence", 0.7, String.raw`\bdevastat\w*|\btragic(?:ally)?\b|\btragedy\b|\bunimaginable\b`],
  ["condolence", 1, neg(String.raw`\b(?:sad|saddened|saddest|sadness)\b`)],
  ["condolence", 0.8, String.raw`\bomg\b|\bshock(?:ed|ing)\b|\bcan'?t believe\b|\bcannot believe\b|\bstill in (?:shock|disbelief)|\bshattered\b|\bis this (?:real|true)\b|\bthis can'?t be (?:real|true)\b|\boh no+\b|\bno{3,}\b|\bno words\b|\bspeechless\b|\bat a loss for words`],
  ["condolence", 1, String.raw`\b(?:gone |taken |left us )?(?:way |far )?too (?:soon|early|young)\b|\bwill be (?:\w+ )?missed\b|\bmiss(?:ing)? (?:you|him|her|them) (?:already|so much)|\bgone but not forgotten`],
  ["condolence", 0.9, String.raw`\b(?:i'm|i am|we're|we are|i|we) (?:\w+ )?(?:in tears|crying|cried|mourn\w*|griev\w*)\b`],
  ["condolence", 0.6, neg(String.raw`\bgrie(?:f|ve|ves|ving)\b|\bmourn\w*|\bin tears\b|\bcrying\b|\bcried\b|\btears\b`)],
  ["condolence", 0.8, String.raw`\bterrible (?:news|time|loss)|\bawful news|\bsuch (?:a )?(?:sad|terrible|horrible) (?:news|day|loss)|\bhorrible news|\bthis hurts\b`],
  ["condolence", 0.6, String.raw`\bpainful\b|\bso hard\b|\bterrible\b`],
  ["condolence", 0.5, String.raw`\bloss\b|\bpassing\b`],
  ["condolence", 0.5, String.raw`\bpass(?:ed)? away\b|\bpassed\b|\bis dead\b|\bdied\b`, "voiced"],
  ["condolence", 1, String.raw`💔|😢|😭|😞|😔|🥺|😥|😪|☹|🕊|🕯|🥀|:\(+|\)+:`],
  ["condolence", 0.4, String.raw`🖤`],

  // ---- support: love, strength, comfort, solidarity
  ["support", 1, String.raw`\bsend(?:s|ing)?\b(?:\s+[\w']+){0,4}?\s+(?:love|strength|hugs?|light|healing|comfort|peace|positive|positivity|good vibes|energy|support)\b`],
  ["support", 1, String.raw`(?<![\w'])(?:much |my |our |all (?:my |our |the |of the )?|so much |lots of |big |sending )?love (?:to|for) (?!see\b|hear\b|watch\b|know\b)|(?<=^|[.!?\n"]\s*)love\b`],
  ["support", 0.8, String.raw`\b(?:we|i) (?:all |still |really |truly |will always |do )?love (?:you|u|y'all|them|her|him)\b|\blove you (?:both|all|guys)\b`],
  ["support", 1, neg(String.raw`\b(?:stay|be) strong\b|(?<!(?:takes?|took|taking) (?:(?:a lot|lots|so much|great|real|such) (?:of )?)?)\bstrength\b`)],
  ["support", 1, String.raw`\b(?:we're|we are|i'm|i am|we all are|all) (?:\w+ )?(?:with|here for|behind) you\b|\bwith you (?:all|both|always|every step)|\byou(?:'re| are) not alone\b|\bhere for you\b`],
  ["support", 1, String.raw`\bthinking (?:of|about) (?:you|them|her|him|the family|your)|\b(?:thoughts|heart|hearts) (?:are|is) with\b|\bsurrounded by love\b`],
  ["support", 1, String.raw`\bhugs?\b|\bwish(?:ing)? (?:you|them|her|him|the family) (?:well|strength|peace|healing|comfort)|\bwish you well\b|\btake (?:care|your time)\b|\bbe gentle with (?:yourself|yourselves)`],
  ["support", 1, String.raw`\bstand(?:s|ing)? (?:with|by)\b|\bsolidarity\b|\bistandwith\w*|\bstandwith\w*|\blift (?:her|him|them|you) up|\bcomfort\b|\bhealing\b`],
  ["support", 0.6, String.raw`❤|💕|💞|💗|💖|💜|💙|🤍|🧡|💛|💚|🫶|🤗|✊`],

  // ---- prayer: prayers, blessings, religious comfort
  ["prayer", 1, neg(String.raw`\bpray(?:s|ed|ing|ers?|erful)?\b`)],
  ["prayer", 1, String.raw`\bgod bless\b|\bbless (?:you|your|him|her|them|his|their|up|the)\b|\bblessings (?:to|for|on|upon)\b|\bamen\b|\bheaven\w*|\bangels?\b|\bin the arms of\b|\binshallah\b|\binna lillahi|\ballah\b`],
  ["prayer", 0.5, String.raw`(?<!\b(?:oh|my|omg|oh my|thank)\s)\b(?:god|lord|jesus)\b`],
  ["prayer", 0.7, String.raw`🙏`],

  // ---- praise: admires or thanks the subject (work, character, courage, openness)
  ["praise", 0.8, neg(String.raw`\blegend(?:ary|s)?\b|\bicon(?:ic)?\b|\bhero(?:es|ic)?\b|\bgoat\b|\brole model\b|\binspir\w+|\bbrave(?:ly|ry)?\b|\bcourage(?:ous)?\b|\bfearless\b`)],
  ["praise", 1, neg(String.raw`\bwell done\b|\bgood on (?:you|her|him|them|ya)\b|\b(?:good|great) (?:job|work|gesture|move|step)\b|\bbravo\b|\bkudos\b|\bhats? off\b|\b(?:much|greatly|truly|really|so) appreciated\b|\b(?:i|we) (?:\w+ )?appreciate\b|\bmuch respect\b|\b(?:so|very) proud\b`)],
  ["praise", 1, neg(String.raw`\bthank(?:s| you| u)\b|\bgrateful\b|\bthankful\b|\bappreciate (?:you|this|her|him|that)\b`)],
  ["praise", 1, String.raw`\b(?:gift to|gave us|giving us)\b|\blegacy\b|\bproud of\b|\bsalute\b|\badmir\w+|\bwell said\b|\bspot on\b|\bso true\b|\bspeak(?:s|ing)? (?:up|out|the truth)\b|\bspoke (?:up|out)\b|\busing (?:your|her|his|their) (?:platform|voice)|\b(?:takes?|took|taking) (?:(?:a lot|lots|so much|great|real|such) (?:of )?)?(?:strength|courage|guts)`],
  ["praise", 0.8, neg(String.raw`\b(?:amazing|incredible|phenomenal|brilliant|talented|extraordinary|remarkable|outstanding|powerful|beautiful soul|class act|king|queen|talent|genius|masterpiece|fantastic|awesome|superb|super|beloved|favou?rite|best ever|(?:real|true|super|pop|shining) ?star)\b|\b(?:great|greatest|best|finest|true|real|wonderful) (?:actor|actress|man|woman|human|person|artist|example|talent|one|of all time)\b`)],
  ["praise", 0.6, String.raw`(?<!due )\brespect\b|👏|🙌|💯|👑|🐐|🔥`],

  // ---- defense: rebukes the people criticising the subject
  ["defense", 1, String.raw`\b(?:people|folks|those|anyone|anybody|everyone|y'all|you all|you guys|some of you|the ones|haters|trolls|critics|whoever)\b[^.!?\n]{0,40}?\b(?:question\w*|critici[sz]\w*|judg\w*|attack\w*|hating|hate on|troll\w*|complain\w*|mock\w*|sham(?:e|ing)\b|blam\w*|bash\w*|dragg\w*|coming for|polic\w*|whin\w*|something negative|saying (?:she|he|they)|mad (?:at|that|about|because)|upset (?:at|that|about)|offended)`],
  ["defense", 1, String.raw`\bif (?:your|ur|you're|you are|you) (?:first )?(?:thoughts?|reaction|response|instinct|think|thought|only concern)\b|\bif you\b[^.!?\n]{0,80}?\b(?:your|ur) (?:first |only )?(?:thoughts?|reaction|response|instinct)\b|\byour first (?:thought|reaction|instinct)|\bif you(?:'re| are) (?:one of those|the type|someone who)`],
  ["defense", 1, String.raw`\bleave (?:her|him|them|it|the family) alone\b|\blet (?:her|him|them|the family) (?:live|grieve|be|mourn|rest|heal|speak|share)\b|\bhow dare (?:you|they|people|anyone|y'all)\b|\bshame on (?:those|people|anyone|everyone|all)\b|\bthe audacity\b`],
  ["defense", 1, String.raw`\b(?:stop|quit) (?:the hate|hating|judging|attacking|questioning|blaming|bashing|policing|shaming|criticizing|criticising|trolling|making (?:this|it) about)|\b(?:not|isn't|is not) the time\b|\bdo better\b`],
  ["defense", 1, String.raw`\b(?:doesn't|does not|didn't|did not|don't|do not) owe (?:\w+ )?(?:us|you|anyone|anybody|y'all|the public|the world|his fans|her fans|an explanation)|\b(?:had|has|have) every right\b|\bnone of (?:your|our|their|y'all's) business\b|\b(?:respect|invad\w+|respecting) (?:his|her|their|the family's) privacy`],
  ["defense", 1, String.raw`\b(?:you|they|people|y'all) (?:have|got|need) (?:some |serious |real |a )?(?:\w+ )?(?:problems|issues|help|therapy)\b|\b(?:no one|nobody|don't) be (?:an? )?(?:asshole|jerk|troll|dick|idiot)|\bwhat(?:'s| is) wrong with (?:people|you people|y'all|some people)|\bsome people (?:are|need|have|just|really|can't)\b|\b(?:people|y'all|you all) need to\b|\bimagine (?:being|thinking|hating|judging)\b|\bin (?:her|his|their) defen[cs]e\b|\bdefend(?:ing|s|ed)? (?:her|him|them)\b|\byou(?:'re| are) the problem\b|\bshould be ashamed of (?:yourselves|themselves)`],

  // Rebukes of other people's reaction ("show some respect", "calm down", "stfu"): defense, except in
  // a reply (a post opening with @mention), where "you" is the account replied to (often the subject).
  ["defense", 1, String.raw`\b(?:show|have|got) (?:some |a little |a bit of )?(?:damn |fucking |god ?damn )?(?:respect|decency|compassion|empathy|class)\b|\bcalm (?:tf |the fuck |the hell )?down\b|\bstfu\b|\bshut the (?:fuck|hell) up\b|\b(?:so|how|very|being|are) insensitive\b|\bget your priorities\b|\bplease refrain\b|\bwhat(?:'s| is) wrong with (?:these|some|those|you|y'all)\b|\bfuck (?:u|you|y'all|yall|each|every|all of you)\b|\bread the room\b`, "rebuke"],
  ["defense", 1, String.raw`\b(?:people|ppl|y'all|yall|you all|you guys|folks|some of you|everyone|everybody|the first thing people)\b[^.!?\n]{0,30}?\b(?:talking|asking|making jokes|joking|worried|concerned|tweeting|posting|trending|complaining|quoting|getting mad|thought about|worked up|more (?:worried|concerned))\b`, "rebuke"],

  // ---- criticism: attacks, mocks or disapproves of the subject
  ["criticism", 1, String.raw`\battention[- ](?:seek\w*|whor\w*|grab\w*)|\bfor (?:the )?(?:attention|clout)\b|\bwants? attention\b|\bclout\b|\b(?:publicity|pr) stunt\b|\bstunt\b`],
  ["criticism", 1, neg(String.raw`\bdisgust\w*|\bgross\b|\bvile\b|\bshameful\b|\bshame on (?:you|her|him)\b|\bhypocri\w+|\bpropaganda\b|\bfake\b|\btasteless\b|\bcringe\w*|\binappropriate\b|\bdisrespectful\b|\bpathetic\b|\bignorant\b|\bliar\b|\blies\b|\bboycott\w*`)],
  ["criticism", 1, String.raw`\b(?:idiot\w*|stupid|dumb|moron\w*|clown\w*|fool|loser|trash|garbage|bitch|sellout|sell ?out|irrelevant)\b|\bshut (?:up|your)\b|\b(?:who|nobody|no one) (?:asked|cares)\b|\bget a life\b|🤡|🤮|👎`],
  ["criticism", 1, String.raw`\b(?:know|knows|knew) nothing\b|\b(?:don't|doesn't|do not|does not) know (?:anything|what (?:you|she|he)|the)\b|\bstay (?:out|in your lane)\b|\bmind (?:your|ur) (?:own )?business\b|\bstick to (?:singing|music|acting|your)\b|\bnot your (?:business|country|problem|concern)\b|\binterfer\w+|\bmeddl\w+|\binternal (?:matter|affair)s?\b`],
  ["criticism", 1, String.raw`\bshould be (?:ashamed|in jail|arrested|banned|fired)\b|\b(?:belongs?|deserves?) (?:in )?jail\b|\bwhy would (?:she|he|you|they|anyone) (?:post|share|photograph|do)\b|\b(?:too much information|tmi)\b|\b(?:paid|bought) (?:for|by|to)\b|\bhow much (?:were you|did they) pay`],
  ["criticism", 1, String.raw`\bwho do (?:you|u) think (?:you|u) are\b|\bwhat (?:the )?(?:hell |heck |shit |tf )?do (?:you|u) (?:even )?(?:know|knw)\b|\b(?:you|u) (?:don't|dont|do not|didn't|didnt) (?:even )?(?:know|understand)\b|\b(?:you|u) (?:have|has) no (?:right|idea|clue)\b|\bpoking (?:your|their|her|his|ur) nose|\b(?:gain|get|for|seeking) (?:cheap )?(?:popularity|publicity|fame|followers|likes)\b|\bsold (?:herself|himself|yourself|themselves)\b|\bcrocodile tears\b|\bfoolish\b|\bdon'?t comment\b|\b(?:keep|mind) (?:your|ur) (?:\w+ )?(?:shut|opinions?)\b`],
  ["criticism", 0.8, neg(String.raw`\bshame\b`)],
  ["criticism", 0.6, String.raw`\bwhy (?:are|aren't|arent|don't|dont|didn't|didnt|can't|cant|do|did|is|isn't|not|won't|wont) (?:you|u|we|she|he|nobody|no one|anyone)? ?(?:not |even )?(?:talk|speak|say|tweet|comment|care|raise)\w*\b|\bwhat about\b`],
  ["criticism", 0.5, String.raw`\bsmh\b|\bwtf\b|🙄|\bbrought (?:this|it) on (?:herself|himself|themselves)\b`],

  // ---- personal: the author's own related experience
  ["personal", 1, String.raw`\b(?:i|we) (?:lost|went through|have been through|'ve been through|'ve gone through|have gone through|survived|suffered|experienced|met|worked with|grew up|used to|miscarried|was diagnosed|were diagnosed|had (?:a|an|the same|my|two|three|\d))\b|\bi'?ve (?:been through|gone through|lost|had)\b`],
  ["personal", 0.7, String.raw`\bmy (?:own )?(?:mom|mother|mum|dad|father|son|daughter|baby|babies|child|children|kids?|wife|husband|partner|brother|sister|grand\w+|uncle|aunt|cousin|niece|nephew|best friend|pregnancy|pregnancies|placenta|miscarriage|first|late)\b|\bour (?:journey|son|daughter|baby|child|first|second|story)\b`],
  ["personal", 1, String.raw`\bme too\b|\bhappened to (?:me|us)\b|\bi know (?:exactly )?(?:how|what) (?:it|this|that|you) (?:feels?|is like)\b|\bbeen there\b|\bwhen i was\b|\bi remember (?:when|meeting|watching|seeing|the day)\b|\bi was pregnant\b`],

  // ---- information: facts, figures, news, reports
  ["information", 1, String.raw`\baccording to\b|^breaking\b|\bbreaking(?: news)?:|\bbreaking news\b|\breport(?:s|ed|edly)?\b|\bconfirm(?:s|ed)\b|\bstatement\b|\bannounc\w+|\bsources? (?:say|said|close)|\bstud(?:y|ies)\b|\bresearch\b|\bdata\b|\bstatistic\w*|\bestimated?\b|\bofficials?\b|\bfull story\b|\bheadline\b|\bupdate:|\bjust in\b|\bvia\b`],
  ["information", 0.8, String.raw`\bpass(?:ed)? away (?:from|of|after|at|due to|on)\b|\bdie[sd] (?:of|from|after|at|on)\b`],
  ["information", 1, String.raw`\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s?(?:%|percent|per cent|million|billion|thousand)|\b\d+ (?:in|out of) \d+\b|\b(?:died|dies|dead|passed away) (?:at|aged) \d|\baged? \d{2}\b|\bage of \d{2}\b|\bstage (?:\d|i{1,3}|iv)\b|\bbattle with\b|\bcause of death\b|\bdiagnosed with\b`],
  ["information", 0.6, String.raw`\b(?:dies|died|has died|have died|passed away|is dead|dead at|death of|killed|arrested|charged)\b|\b(?:19|20)\d{2}\b|\b(?:on|this|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`, "fact"],

  // ---- humor: jokes, laughter (kept conservative)
  ["humor", 1, String.raw`\blo+l+\b|\blmf?a+o+\b|\brofl\b|\bha(?:ha)+h?\b|\bhe(?:he)+\b|\bjk\b|😂|🤣|😆|😹|💀`],
  ["humor", 0.5, String.raw`😅|😜|🙃`],

  // ---- other: spam and self-promotion
  ["other", 1, String.raw`\bfollow (?:me|back|for)\b|\bcheck out my\b|\bgiveaway\b|\bcrypto\b|\bbitcoin\b|\bdm me\b|\bclick (?:here|the link)\b|\bsubscribe to my\b|\bfree followers\b`],
];

const CUES: readonly Cue[] = table.map(([label, strength, src, kind]) => {
  const negatable = src.startsWith(NEG_MARK);
  return { label, strength, kind: kind ?? "cue", negatable, re: new RegExp(negatable ? src.slice(NEG_MARK.length) : src, "g") };
});

/** A first- or second-person word: a voice, so not a bare news line. */
const VOICE = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|our|us|you|you're|your|y'all|u|ur)\b/g;

/** How the 28 GoEmotions labels inform reactions (summed probabilities per reaction). */
const EMOTION_MAP: ReadonlyArray<[Reaction, readonly string[]]> = [
  ["condolence", ["sadness", "grief", "remorse"]],
  ["support", ["caring", "love"]],
  ["praise", ["admiration", "gratitude", "pride"]],
  ["criticism", ["anger", "disgust", "disapproval", "annoyance"]],
  ["humor", ["amusement"]],
];

type ReactionResult = Annotations["reaction"];

export const REFERENCE_VERSION = "rules-1.0.0";

const NL = REACTIONS.length;
const INDEX = new Map<Reaction, number>(REACTIONS.map((r, i) => [r, i]));
const ix = (r: Reaction): number => INDEX.get(r)!;
const DEFENSE = ix("defense"), CRITICISM = ix("criticism");
const INFORMATION = ix("information"), OTHER = ix("other");

/** Label weights: how much one sentence of each label counts toward the primary. */
const PRIOR = new Float64Array(NL);
for (const [r, w] of [
  ["condolence", 1.1], ["support", 1], ["prayer", 0.9], ["praise", 1], ["defense", 1.6], ["criticism", 1.3],
  ["personal", 1.1], ["information", 1], ["humor", 0.8], ["other", 1],
] as const) PRIOR[ix(r)] = w;

/** Exact ties: the guide's tie-breaks (defense over support, condolence over support...). */
const PRIORITY: readonly number[] = (
  ["defense", "criticism", "condolence", "personal", "information", "praise", "prayer", "support", "humor", "other"] as const
).map(ix);

const FIRST_SENTENCE = 1.2;
/** Information strength of every sentence of a headline post (a link, no first/second person). */
const HEADLINE = 0.8;
const QUOTED = 0.3;
/** Emotion probability → score, when cues fired too (a nudge) and when none did (decides). */
const EMOTION_NUDGE = 1.5;
const EMOTION_LABEL_MIN = 0.5;
const EMOTION_DECIDE_MIN = 0.3;

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+|\bpic\.twitter\.com\/\S+/gi;
const MENTION_RE = /(?<![\w@])@[\w.]+/g;
const HASH_RE = /#(?=\w)/g;
/** Hashtags that open with a reaction word: "#RIPChadwick" → "rip chadwick". */
const HASH_CUE_RE = /#(rip|restinpeace|restinpower|prayfor|istandwith|standwith)(?=\w)/gi;
const APOS_RE = /[‘’ʼ`´]/g;
const DQUOTE_RE = /[“”„«»]/g;
const AMP_RE = /&amp;/g;
const REPLY_RE = /^\s*@\w/;

// Per-call scratch space, reused.
const MAX_SEG = 64;
const segStart = new Int32Array(MAX_SEG);
const segEnd = new Int32Array(MAX_SEG);
const segQuoted = new Uint8Array(MAX_SEG);
const segVoice = new Uint8Array(MAX_SEG);
const segFact = new Float64Array(MAX_SEG);
const voiced = new Float64Array(MAX_SEG * NL);
const hits = new Float64Array(MAX_SEG * NL);
const score = new Float64Array(NL);

function normalise(text: string): { s: string; link: boolean } {
  let s = text.replace(URL_RE, " ");
  const link = s.length !== text.length;
  s = s.replace(MENTION_RE, " ").replace(HASH_CUE_RE, "$1 ").replace(HASH_RE, "").replace(AMP_RE, "&").toLowerCase()
    .replace(APOS_RE, "'").replace(DQUOTE_RE, '"');
  return { s, link };
}

/** Splits `s` into sentence segments; returns their count. */
function segment(s: string): number {
  let quotes = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 34) quotes++;
  const useQuotes = quotes >= 2 && quotes % 2 === 0;
  let n = 0;
  let start = 0;
  let quoted = false;
  const close = (end: number, q: boolean) => {
    // Skip segments with no letter, digit or symbol (only spaces and punctuation).
    let real = false;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c !== 32 && c !== 10 && c !== 46 && c !== 44 && c !== 33 && c !== 63 && c !== 34 && c !== 0x2026) { real = true; break; }
    }
    if (real) {
      if (n < MAX_SEG) {
        segStart[n] = start; segEnd[n] = end; segQuoted[n] = q ? 1 : 0; n++;
      } else {
        segEnd[MAX_SEG - 1] = end; // very long posts: the last segment absorbs the rest
      }
    }
    start = end;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 && useQuotes) {
      close(i, quoted);
      quoted = !quoted;
      start = i + 1;
    } else if (c === 10) {
      close(i + 1, quoted);
    } else if (c === 46 || c === 33 || c === 63 || c === 0x2026) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 32;
      if (next === 32 || next === 10) close(i + 1, quoted);
    }
  }
  close(s.length, quoted);
  return n;
}

function segmentOf(pos: number, n: number): number {
  for (let k = 0; k < n; k++) if (pos < segEnd[k]!) return k;
  return n - 1;
}

function isSubject(input: EnrichInput, context: EnrichContext): boolean {
  const handle = input.author?.handle;
  const subjects = context.subjects;
  if (!handle || !subjects || subjects.length === 0) return false;
  const h = handle.replace(/^@/, "").toLowerCase();
  for (const s of subjects) if (s.replace(/^@/, "").toLowerCase() === h) return true;
  return false;
}

const SUBJECT: () => ReactionResult = () => ({ role: "subject", primary: null, labels: [], scores: {} });

/**
 * Classifies one post's reaction type. Pure; never throws on odd text. `emotions` (the emotion
 * enricher's output) is optional: the cues work alone.
 */
export function classifyReactionReference(
  input: EnrichInput,
  context: EnrichContext,
  emotions?: Annotations["emotions"] | null,
): ReactionResult {
  if (isSubject(input, context)) return SUBJECT();
  const raw = typeof input.text === "string" ? input.text : "";
  const { s, link: linkInText } = normalise(raw);
  const reply = REPLY_RE.test(raw);
  const link = linkInText || (input.links?.length ?? 0) > 0;
  const n = segment(s);
  score.fill(0);

  let anyCue = false;
  let anyFact = false;
  if (n > 0) {
    hits.fill(0, 0, n * NL);
    voiced.fill(0, 0, n * NL);
    segVoice.fill(0, 0, n);
    segFact.fill(0, 0, n);
    for (const cue of CUES) {
      const re = cue.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(s)) !== null) {
        if (m[0].length === 0) re.lastIndex++;
        if (cue.negatable && m.index > 0 && NEGATED_BEFORE.test(s.slice(Math.max(0, m.index - NEGATION_WINDOW), m.index))) continue;
        const k = segmentOf(m.index, n);
        if (cue.kind === "fact") {
          if (cue.strength > segFact[k]!) segFact[k] = cue.strength;
        } else {
          const label = cue.kind === "rebuke" && reply ? CRITICISM : ix(cue.label);
          const buf = cue.kind === "voiced" ? voiced : hits;
          const at = k * NL + label;
          if (cue.strength > buf[at]!) buf[at] = cue.strength;
        }
      }
    }
    VOICE.lastIndex = 0;
    let v: RegExpExecArray | null;
    while ((v = VOICE.exec(s)) !== null) segVoice[segmentOf(v.index, n)] = 1;

    let voice = false;
    for (let k = 0; k < n; k++) if (segVoice[k] && !segQuoted[k]) { voice = true; break; }
    // A headline with a link and no voice of its own ("X dies at 43 <link>") is news.
    const headline = link && !voice;

    let first = true;
    for (let k = 0; k < n; k++) {
      const base = k * NL;
      if (segVoice[k]) for (let l = 0; l < NL; l++) if (voiced[base + l]! > hits[base + l]!) hits[base + l] = voiced[base + l]!;
      if (segFact[k]! > 0) {
        anyFact = true;
        if (!segVoice[k] && segFact[k]! > hits[base + INFORMATION]!) hits[base + INFORMATION] = segFact[k]!;
      }
      if (headline && !segQuoted[k] && hits[base + INFORMATION]! < HEADLINE) hits[base + INFORMATION] = HEADLINE;
      let cued = false;
      for (let l = 0; l < NL; l++) if (hits[base + l]! > 0) { cued = true; break; }
      // Insults in a sentence that rebukes the critics are part of the defence.
      if (hits[base + DEFENSE]! > 0) hits[base + CRITICISM] = 0;
      let len = 0;
      for (let p = segStart[k]!; p < segEnd[k]!; p++) if (s.charCodeAt(p) !== 32) len++;
      let w = Math.sqrt(Math.max(len, 1));
      if (segQuoted[k]) w *= QUOTED;
      else if (first) w *= FIRST_SENTENCE;
      if (!segQuoted[k]) first = false;
      if (!cued) continue;
      anyCue = true;
      for (let l = 0; l < NL; l++) score[l]! += w * hits[base + l]! * PRIOR[l]!;
    }
    // A post that rebukes critics: its harsh words are aimed at them, not at the subject.
    if (score[DEFENSE]! > 0) score[CRITICISM]! *= 0.5;
  }

  // Emotion-model scores, when the emotion enricher ran.
  const emo = emotions?.scores;
  let extra: number[] | null = null;
  if (emo) {
    let best = -1, bestP = 0;
    for (const [label, names] of EMOTION_MAP) {
      let p = 0;
      for (const name of names) p += emo[name] ?? 0;
      if (p > 1) p = 1;
      const l = ix(label);
      if (anyCue) {
        if (score[l]! > 0) score[l]! += EMOTION_NUDGE * p;
        else if (p >= EMOTION_LABEL_MIN) (extra ??= []).push(l);
      } else if (p > bestP) { bestP = p; best = l; }
    }
    if (!anyCue && best >= 0 && bestP >= EMOTION_DECIDE_MIN) { score[best] = bestP; anyCue = true; }
  }

  if (!anyCue) score[OTHER] = 1;

  // Primary: highest score, ties by the guide's priority.
  let primary = PRIORITY[0]!;
  for (const l of PRIORITY) if (score[l]! > score[primary]!) primary = l;

  let total = 0;
  for (let l = 0; l < NL; l++) total += score[l]!;
  const labels: Reaction[] = [REACTIONS[primary]!];
  const scores: Partial<Record<Reaction, number>> = {};
  scores[REACTIONS[primary]!] = Math.round((score[primary]! / total) * 1000) / 1000;
  for (let l = 0; l < NL; l++) {
    if (l === primary || score[l]! <= 0) continue;
    labels.push(REACTIONS[l]!);
    scores[REACTIONS[l]!] = Math.round((score[l]! / total) * 1000) / 1000;
  }
  if (extra) for (const l of extra) if (!labels.includes(REACTIONS[l]!)) labels.push(REACTIONS[l]!);
  return { role: "reaction", primary: REACTIONS[primary]!, labels, scores };
}
