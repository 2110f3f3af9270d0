// The reaction classifier's cues: short, general phrases an editor would name for each label of
// ../shared/docs/REACTIONS.md (none is lifted from evaluation data). Every pattern runs on the
// normalised text (lower case, straight apostrophes and double quotes, URLs and @mentions removed,
// "#" dropped from hashtags), compiled once at load.
//
// A cue has a label, a strength (1 = a clear marker; less for cues that often mean something
// else: "loss", a bare emoji, "respect"), and a kind:
//   - "cue": counts wherever it appears;
//   - "fact": a weak news marker ("died", "passed away", a year) that counts as information only in
//     a sentence with no first/second-person voice ("X has died at 43" is news);
//   - "voiced": the converse, a cue that counts only in a sentence with a first/second-person voice
//     ("I can't believe he passed away" is sorrow; "X passed away" is news);
//   - "rebuke": a rebuke of other people's reaction ("show some respect", "calm down"): defense,
//     except in a reply (a post that opens with an @mention), whose "you" is the account replied to
//     (usually the subject): there it is criticism.
// Negation: patterns wrapped in `neg()` do not fire after "not", "never", "no", "n't"... within a
// few words ("not sorry", "isn't so brave", "no thanks").
//
// Triggers (speed): each cue lists, space-separated, words of which every match of its pattern
// must contain at least one, so that a post runs only the patterns whose trigger occurs in it.
// "word" = a whole word (a maximal run of [a-z0-9_], what `\b` delimits), "word*" = a word that
// starts so, anything else (an emoji, ":") = that character anywhere. A trigger may fire for a post
// the pattern does not match (that only costs a scan); a match with none of its cue's triggers
// would be lost. So when you edit a pattern, make sure each of its alternatives contains one of
// the triggers (usually its first or rarest mandatory word); reaction.test.ts checks it on random
// texts built from the patterns' own words and on samples of the patterns themselves (cue-check.ts).
// Where a pattern's words are common ("i", "you", "with"), the list can be sharper: " & " joins
// lists that must all have a word in the post ("i we & lost survived": "i" or "we", and "lost" or
// "survived"), and " | " separates such alternatives ("omg | believe & can cannot"); "&" binds
// tighter. Then every match must contain a word of each list of at least one alternative.
// Where a pattern's matches can start is read from the pattern itself (starts.ts): nothing to list.
import type { Reaction } from "../types.ts";

export type CueKind = "cue" | "fact" | "voiced" | "rebuke";
export interface Cue {
  label: Reaction; strength: number; kind: CueKind; negatable: boolean;
  /** Every trigger word or character, once. */
  triggers: readonly string[];
  /** The triggers as written: alternatives (" | ") of lists (" & ") that must all occur. */
  triggerTerms: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  re: RegExp;
}

/** A negator up to three filler words before a cue ("not sorry", "i'm not at all sorry", "not a legend"). */
export const NEGATED_BEFORE = /\b(?:not|never|no|nor|nothing|isn't|wasn't|aren't|weren't|ain't|don't|doesn't|didn't|won't|can't|cannot|hardly|without)\s+(?:(?:so|too|very|really|even|that|at|all|a|an|the|one|bit|feeling|feel|be|being|to|need|have)\s+){0,3}$/;
/** How far back the negator may start (characters). */
export const NEGATION_WINDOW = 48;
const NEG_MARK = "\u0000neg\u0000";
/** Marks a cue as negatable: checked after a match (a lookbehind here would slow every scan). */
const neg = (src: string): string => NEG_MARK + src;

const table: Array<[Reaction, number, string, string] | [Reaction, number, string, string, CueKind]> = [
  // ---- condolence: sorrow or sympathy about the loss or event
  ["condolence", 1.2, "sorry", neg(String.raw`\bsorry\b(?!,?\s+(?:but|not|if|to (?:say|tell|break|burst|bother|disappoint|interrupt))\b)`)],
  ["condolence", 1.2, "condolence* sympath*", String.raw`\bcondolences?\b|\bsympath(?:y|ies)\b`],
  ["condolence", 1, "heartbroken | heart & breaking broken aches hurts sank heavy goes | break breaks & my | hearts & go | heavy & heart*", String.raw`\bheartbroken\b|\bheart (?:is |was )?(?:\w+ )?(?:breaking|broken|aches|hurts|sank|heavy)\b|\bbreaks? my heart|\bheart goes out|\bhearts go out|\bheavy heart`],
  ["condolence", 0.8, "heartbreak heartbreaking heartbreaks | heart & break breaking breaks", String.raw`\bheart-?break(?:ing|s)?\b`],
  ["condolence", 1.2, "rip restinpeace restinpower | r ri & p ip | rest & peace power paradise easy well now", String.raw`(?<![\w'])r\.?i\.?p\b(?!\s+off)|\brest (?:in (?:peace|power|paradise)|easy|well|now)\b|\brestin(?:peace|power)\b`],
  ["condolence", 1, "devastated gutted", String.raw`\b(?:i'm|i am|we're|we are|so|absolutely|just) devastated\b|\bgutted\b`],
  ["condolence", 0.7, "devastat* tragic tragically tragedy unimaginable", String.raw`\bdevastat\w*|\btragic(?:ally)?\b|\btragedy\b|\bunimaginable\b`],
  // "sad" as the author's feeling or about the news, not as an adjective for something else ("a sad song").
  ["condolence", 1, "sad saddened saddest sadness", neg(String.raw`\b(?:saddened|saddest|sadness)\b|\b(?:so|very|too|really|truly|just|how|is|it's|its|i'm|im|am|feel|feeling|felt|was|were|are|be|beyond|incredibly|deeply) sad\b|\bsad (?:news|day|to|loss|times?|about|that|for|when|,|\.|!)|\bsad$|^sad\b`)],
  ["condolence", 0.8, "omg shocked shocking shattered speechless nooo* | believe & can cant cannot | still & shock* disbelief* | this & real true | oh & no* | no loss & words*", String.raw`\bomg\b|\bshock(?:ed|ing)\b|\bcan'?t believe\b|\bcannot believe\b|\bstill in (?:shock|disbelief)|\bshattered\b|\bis this (?:real|true)\b|\bthis can'?t be (?:real|true)\b|\boh no+\b|\bno{3,}\b|\bno words\b|\bspeechless\b|\bat a loss for words`],
  ["condolence", 1, "too & soon early young | missed | miss missing & already* so | forgotten*", String.raw`\b(?:gone |taken |left us )?(?:way |far )?too (?:soon|early|young)\b|\bwill be (?:\w+ )?missed\b|\bmiss(?:ing)? (?:you|him|her|them) (?:already|so much)|\bgone but not forgotten`],
  ["condolence", 0.9, "tears crying cried mourn* griev*", String.raw`\b(?:i'm|i am|we're|we are|i|we) (?:\w+ )?(?:in tears|crying|cried|mourn\w*|griev\w*)\b`],
  // A bare "crying" is as often fandom or laughter as grief; "I'm crying" is the first-person cue above.
  ["condolence", 0.6, "grief grieve grieves grieving mourn* tears", neg(String.raw`\bgrie(?:f|ve|ves|ving)\b|\bmourn\w*|\bin tears\b|\btears\b`)],
  ["condolence", 0.8, "terrible awful such horrible & news* time* loss* day* | hurts", String.raw`\bterrible (?:news|time|loss)|\bawful news|\bsuch (?:a )?(?:sad|terrible|horrible) (?:news|day|loss)|\bhorrible news|\bthis hurts\b`],
  ["condolence", 0.6, "painful hard terrible", String.raw`\bpainful\b|\bso hard\b|\bterrible\b`],
  ["condolence", 0.5, "loss passing", String.raw`\bloss\b|\bpassing\b`],
  ["condolence", 0.5, "pass passed dead died", String.raw`\bpass(?:ed)? away\b|\bpassed\b|\bis dead\b|\bdied\b`, "voiced"],
  ["condolence", 1, "💔 😢 😭 😞 😔 🥺 😥 😪 ☹ 🕊 🕯 🥀 | : & ( )", String.raw`💔|😢|😭|😞|😔|🥺|😥|😪|☹|🕊|🕯|🥀|:\(+|\)+:`],
  ["condolence", 0.4, "🖤", String.raw`🖤`],

  // ---- support: love, strength, comfort, solidarity
  ["support", 1, "send sends sending", String.raw`\bsend(?:s|ing)?\b(?:\s+[\w']+){0,4}?\s+(?:love|strength|hugs?|light|healing|comfort|peace|positive|positivity|good vibes|energy|support)\b`],
  ["support", 1, "love", String.raw`(?<![\w'])(?:much |my |our |all (?:my |our |the |of the )?|so much |lots of |big |sending )?love (?:to|for) (?!see\b|hear\b|watch\b|know\b)|(?<=^|[.!?\n"]\s*)love\b`],
  ["support", 0.8, "love", String.raw`\b(?:we|i) (?:all |still |really |truly |will always |do )?love (?:you|u|y'all|them|her|him)\b|\blove you (?:both|all|guys)\b`],
  ["support", 1, "strong strength", neg(String.raw`\b(?:stay|be) strong\b|(?<!(?:takes?|took|taking) (?:(?:a lot|lots|so much|great|real|such) (?:of )?)?)\bstrength\b`)],
  ["support", 1, "you & with behind & we i all* both* always* every* | you & here | you & alone", String.raw`\b(?:we're|we are|i'm|i am|we all are|all) (?:\w+ )?(?:with|here for|behind) you\b|\bwith you (?:all|both|always|every step)|\byou(?:'re| are) not alone\b|\bhere for you\b`],
  ["support", 1, "surrounded | thinking & of about | thoughts heart hearts & with", String.raw`\bthinking (?:of|about) (?:you|them|her|him|the family|your)|\b(?:thoughts|heart|hearts) (?:are|is) with\b|\bsurrounded by love\b`],
  ["support", 1, "hug hugs gentle | wish wishing & well* strength* peace* healing* comfort* | take & care time", String.raw`\bhugs?\b|\bwish(?:ing)? (?:you|them|her|him|the family) (?:well|strength|peace|healing|comfort)|\bwish you well\b|\btake (?:care|your time)\b|\bbe gentle with (?:yourself|yourselves)`],
  ["support", 1, "stand* istandwith* solidarity lift comfort healing", String.raw`\bstand(?:s|ing)? (?:with|by)\b|\bsolidarity\b|\bistandwith\w*|\bstandwith\w*|\blift (?:her|him|them|you) up|\bcomfort\b|\bhealing\b`],
  ["support", 0.6, "❤ 💕 💞 💗 💖 💜 💙 🤍 🧡 💛 💚 🫶 🤗 ✊", String.raw`❤|💕|💞|💗|💖|💜|💙|🤍|🧡|💛|💚|🫶|🤗|✊`],

  // ---- prayer: prayers, blessings, religious comfort
  ["prayer", 1, "pray*", neg(String.raw`\bpray(?:s|ed|ing|ers?|erful)?\b`)],
  ["prayer", 1, "god bless blessings amen heaven* angel angels arms inshallah inna allah", String.raw`\bgod bless\b|\bbless (?:you|your|him|her|them|his|their|up|the)\b|\bblessings (?:to|for|on|upon)\b|\bamen\b|\bheaven\w*|\bangels?\b|\bin the arms of\b|\binshallah\b|\binna lillahi|\ballah\b`],
  ["prayer", 0.5, "god lord jesus", String.raw`(?<!\b(?:oh|my|omg|oh my|thank)\s)\b(?:god|lord|jesus)\b`],
  ["prayer", 0.7, "🙏", String.raw`🙏`],

  // ---- praise: admires or thanks the subject (work, character, courage, openness)
  ["praise", 0.8, "legend* icon* hero* goat role inspir* brave* courage* fearless", neg(String.raw`\blegend(?:ary|s)?\b|\bicon(?:ic)?\b|\bhero(?:es|ic)?\b|\bgoat\b|\brole model\b|\binspir\w+|\bbrave(?:ly|ry)?\b|\bcourage(?:ous)?\b|\bfearless\b`)],
  ["praise", 1, "bravo kudos appreciated appreciate | done & well | good & on | good great & job work gesture move step | hat hats & off | respect & much | proud & so very", neg(String.raw`\bwell done\b|\bgood on (?:you|her|him|them|ya)\b|\b(?:good|great) (?:job|work|gesture|move|step)\b|\bbravo\b|\bkudos\b|\bhats? off\b|\b(?:much|greatly|truly|really|so) appreciated\b|\b(?:i|we) (?:\w+ )?appreciate\b|\bmuch respect\b|\b(?:so|very) proud\b`)],
  ["praise", 1, "thank thanks grateful thankful appreciate", neg(String.raw`\bthank(?:s| you| u)\b|\bgrateful\b|\bthankful\b|\bappreciate (?:you|this|her|him|that)\b`)],
  ["praise", 1, "legacy salute admir* gift | gave giving & us | proud & of | said & well | spot & on | true & so | speak speaks speaking spoke & up out truth | using & platform* voice* | take takes took taking & strength* courage* guts*", String.raw`\b(?:gift to|gave us|giving us)\b|\blegacy\b|\bproud of\b|\bsalute\b|\badmir\w+|\bwell said\b|\bspot on\b|\bso true\b|\bspeak(?:s|ing)? (?:up|out|the truth)\b|\bspoke (?:up|out)\b|\busing (?:your|her|his|their) (?:platform|voice)|\b(?:takes?|took|taking) (?:(?:a lot|lots|so much|great|real|such) (?:of )?)?(?:strength|courage|guts)`],
  ["praise", 0.8, "amazing incredible phenomenal brilliant talented extraordinary remarkable outstanding powerful king queen talent genius masterpiece fantastic awesome superb super beloved favorite favourite realstar truestar superstar popstar shiningstar | beautiful & soul | class & act | best & ever | real true super pop shining & star | great greatest best finest true real wonderful & actor actress man woman human person artist example talent one of", neg(String.raw`\b(?:amazing|incredible|phenomenal|brilliant|talented|extraordinary|remarkable|outstanding|powerful|beautiful soul|class act|king|queen|talent|genius|masterpiece|fantastic|awesome|superb|super|beloved|favou?rite|best ever|(?:real|true|super|pop|shining) ?star)\b|\b(?:great|greatest|best|finest|true|real|wonderful) (?:actor|actress|man|woman|human|person|artist|example|talent|one|of all time)\b`)],
  ["praise", 0.6, "respect 👏 🙌 💯 👑 🐐 🔥", String.raw`(?<!due )\brespect\b|👏|🙌|💯|👑|🐐|🔥`],

  // ---- defense: rebukes the people criticising the subject
  ["defense", 1, "question* critici* judg* attack* hating* hate troll* complain* mock* shame shaming blam* bash* dragg* coming polic* whin* something saying mad upset offended* & people folks those anyone anybody everyone all guys some ones haters trolls critics whoever", String.raw`\b(?:people|folks|those|anyone|anybody|everyone|y'all|you all|you guys|some of you|the ones|haters|trolls|critics|whoever)\b[^.!?\n]{0,40}?\b(?:question\w*|critici[sz]\w*|judg\w*|attack\w*|hating|hate on|troll\w*|complain\w*|mock\w*|sham(?:e|ing)\b|blam\w*|bash\w*|dragg\w*|coming for|polic\w*|whin\w*|something negative|saying (?:she|he|they)|mad (?:at|that|about|because)|upset (?:at|that|about)|offended)`],
  ["defense", 1, "if first & thought* reaction* response instinct* think concern | if & one type* someone", String.raw`\bif (?:your|ur|you're|you are|you) (?:first )?(?:thoughts?|reaction|response|instinct|think|thought|only concern)\b|\bif you\b[^.!?\n]{0,80}?\b(?:your|ur) (?:first |only )?(?:thoughts?|reaction|response|instinct)\b|\byour first (?:thought|reaction|instinct)|\bif you(?:'re| are) (?:one of those|the type|someone who)`],
  ["defense", 1, "audacity dare | leave & alone | let & live grieve be mourn rest heal speak share | shame & those people anyone everyone all", String.raw`\bleave (?:her|him|them|it|the family) alone\b|\blet (?:her|him|them|the family) (?:live|grieve|be|mourn|rest|heal|speak|share)\b|\bhow dare (?:you|they|people|anyone|y'all)\b|\bshame on (?:those|people|anyone|everyone|all)\b|\bthe audacity\b`],
  ["defense", 1, "stop quit & hate* hating* judging* attacking* questioning* blaming* bashing* policing* shaming* criticizing* criticising* trolling* making | time & not isn is | better & do", String.raw`\b(?:stop|quit) (?:the hate|hating|judging|attacking|questioning|blaming|bashing|policing|shaming|criticizing|criticising|trolling|making (?:this|it) about)|\b(?:not|isn't|is not) the time\b|\bdo better\b`],
  ["defense", 1, "owe | every & right | none & business | privacy*", String.raw`\b(?:doesn't|does not|didn't|did not|don't|do not) owe (?:\w+ )?(?:us|you|anyone|anybody|y'all|the public|the world|his fans|her fans|an explanation)|\b(?:had|has|have) every right\b|\bnone of (?:your|our|their|y'all's) business\b|\b(?:respect|invad\w+|respecting) (?:his|her|their|the family's) privacy`],
  ["defense", 1, "asshole* jerk* troll* dick* idiot* wrong imagine defence defense defend defending defends defended problem ashamed | problems issues help therapy & have got need & you they people y | some & people | need & to & people all", String.raw`\b(?:you|they|people|y'all) (?:have|got|need) (?:some |serious |real |a )?(?:\w+ )?(?:problems|issues|help|therapy)\b|\b(?:no one|nobody|don't) be (?:an? )?(?:asshole|jerk|troll|dick|idiot)|\bwhat(?:'s| is) wrong with (?:people|you people|y'all|some people)|\bsome people (?:are|need|have|just|really|can't)\b|\b(?:people|y'all|you all) need to\b|\bimagine (?:being|thinking|hating|judging)\b|\bin (?:her|his|their) defen[cs]e\b|\bdefend(?:ing|s|ed)? (?:her|him|them)\b|\byou(?:'re| are) the problem\b|\bshould be ashamed of (?:yourselves|themselves)`],

  // Rebukes of other people's reaction ("show some respect", "calm down", "stfu"): defense, except in
  // a reply (a post opening with @mention), where "you" is the account replied to (often the subject).
  ["defense", 1, "decency compassion empathy stfu insensitive priorities* refrain* | respect class & show have got | calm & down | shut & up | wrong & with | fuck & u you y yall each every all | room & read", String.raw`\b(?:show|have|got) (?:some |a little |a bit of )?(?:damn |fucking |god ?damn )?(?:respect|decency|compassion|empathy|class)\b|\bcalm (?:tf |the fuck |the hell )?down\b|\bstfu\b|\bshut the (?:fuck|hell) up\b|\b(?:so|how|very|being|are) insensitive\b|\bget your priorities\b|\bplease refrain\b|\bwhat(?:'s| is) wrong with (?:these|some|those|you|y'all)\b|\bfuck (?:u|you|y'all|yall|each|every|all of you)\b|\bread the room\b`, "rebuke"],
  ["defense", 1, "talking asking making joking worried concerned tweeting posting trending complaining quoting getting thought worked more & people ppl all yall guys folks some everyone everybody", String.raw`\b(?:people|ppl|y'all|yall|you all|you guys|folks|some of you|everyone|everybody|the first thing people)\b[^.!?\n]{0,30}?\b(?:talking|asking|making jokes|joking|worried|concerned|tweeting|posting|trending|complaining|quoting|getting mad|thought about|worked up|more (?:worried|concerned))\b`, "rebuke"],

  // ---- criticism: attacks, mocks or disapproves of the subject
  ["criticism", 1, "attention clout stunt", String.raw`\battention[- ](?:seek\w*|whor\w*|grab\w*)|\bfor (?:the )?(?:attention|clout)\b|\bwants? attention\b|\bclout\b|\b(?:publicity|pr) stunt\b|\bstunt\b`],
  ["criticism", 1, "disgust* gross vile shameful shame hypocri* propaganda fake tasteless cringe* inappropriate disrespectful pathetic ignorant liar lies boycott*", neg(String.raw`\bdisgust\w*|\bgross\b|\bvile\b|\bshameful\b|\bshame on (?:you|her|him)\b|\bhypocri\w+|\bpropaganda\b|\bfake\b|\btasteless\b|\bcringe\w*|\binappropriate\b|\bdisrespectful\b|\bpathetic\b|\bignorant\b|\bliar\b|\blies\b|\bboycott\w*`)],
  ["criticism", 1, "idiot* stupid dumb moron* clown* fool loser trash garbage bitch sellout sell irrelevant shut asked cares life 🤡 🤮 👎", String.raw`\b(?:idiot\w*|stupid|dumb|moron\w*|clown\w*|fool|loser|trash|garbage|bitch|sellout|sell ?out|irrelevant)\b|\bshut (?:up|your)\b|\b(?:who|nobody|no one) (?:asked|cares)\b|\bget a life\b|🤡|🤮|👎`],
  ["criticism", 1, "nothing business stick interfer* meddl* internal | don doesn do does & know & anything* what the* | stay & out lane | not & country problem concern", String.raw`\b(?:know|knows|knew) nothing\b|\b(?:don't|doesn't|do not|does not) know (?:anything|what (?:you|she|he)|the)\b|\bstay (?:out|in your lane)\b|\bmind (?:your|ur) (?:own )?business\b|\bstick to (?:singing|music|acting|your)\b|\bnot your (?:business|country|problem|concern)\b|\binterfer\w+|\bmeddl\w+|\binternal (?:matter|affair)s?\b`],
  ["criticism", 1, "should & ashamed arrested banned fired | jail information tmi paid bought | why & would | much & pay*", String.raw`\bshould be (?:ashamed|in jail|arrested|banned|fired)\b|\b(?:belongs?|deserves?) (?:in )?jail\b|\bwhy would (?:she|he|you|they|anyone) (?:post|share|photograph|do)\b|\b(?:too much information|tmi)\b|\b(?:paid|bought) (?:for|by|to)\b|\bhow much (?:were you|did they) pay`],
  ["criticism", 1, "poking sold crocodile foolish | gain get for seeking & popularity publicity fame followers likes | don dont & comment | keep mind & shut opinion opinions | who & think | what & know knw | know understand & don dont do didn didnt & you u | no & right idea clue", String.raw`\bwho do (?:you|u) think (?:you|u) are\b|\bwhat (?:the )?(?:hell |heck |shit |tf )?do (?:you|u) (?:even )?(?:know|knw)\b|\b(?:you|u) (?:don't|dont|do not|didn't|didnt) (?:even )?(?:know|understand)\b|\b(?:you|u) (?:have|has) no (?:right|idea|clue)\b|\bpoking (?:your|their|her|his|ur) nose|\b(?:gain|get|for|seeking) (?:cheap )?(?:popularity|publicity|fame|followers|likes)\b|\bsold (?:herself|himself|yourself|themselves)\b|\bcrocodile tears\b|\bfoolish\b|\bdon'?t comment\b|\b(?:keep|mind) (?:your|ur) (?:\w+ )?(?:shut|opinions?)\b`],
  ["criticism", 0.8, "shame", neg(String.raw`\bshame\b`)],
  ["criticism", 0.6, "why & are aren arent don dont didn didnt can cant do did is isn not won wont | what & about", String.raw`\bwhy (?:are|aren't|arent|don't|dont|didn't|didnt|can't|cant|do|did|is|isn't|not|won't|wont) (?:you|u|we|she|he|nobody|no one|anyone)? ?(?:not |even )?(?:talk|speak|say|tweet|comment|care|raise)\w*\b|\bwhat about\b`],
  ["criticism", 0.5, "smh wtf 🙄 brought", String.raw`\bsmh\b|\bwtf\b|🙄|\bbrought (?:this|it) on (?:herself|himself|themselves)\b`],

  // ---- personal: the author's own related experience
  ["personal", 1, "i we ive & lost went been gone survived suffered experienced met worked grew used miscarried diagnosed had", String.raw`\b(?:i|we) (?:have |had |'ve )?(?:lost|went through|have been through|'ve been through|'ve gone through|have gone through|survived|suffered|experienced|met|worked with|grew up|used to|miscarried|was diagnosed|were diagnosed|had (?:a|an|the same|my|two|three|\d))\b|\bi'?ve (?:been through|gone through|lost|had)\b`],
  ["personal", 0.7, "my & mom mother mum dad father son daughter baby babies child children kid kids wife husband partner brother sister grand* uncle aunt cousin niece nephew best pregnancy pregnancies placenta miscarriage first late | our & journey son daughter baby child first second story", String.raw`\bmy (?:own )?(?:mom|mother|mum|dad|father|son|daughter|baby|babies|child|children|kids?|wife|husband|partner|brother|sister|grand\w+|uncle|aunt|cousin|niece|nephew|best friend|pregnancy|pregnancies|placenta|miscarriage|first|late)\b|\bour (?:journey|son|daughter|baby|child|first|second|story)\b`],
  ["personal", 1, "happened remember pregnant | me & too | know & feel feels like | been & there | when & was", String.raw`\bme too\b|\bhappened to (?:me|us)\b|\bi know (?:exactly )?(?:how|what) (?:it|this|that|you) (?:feels?|is like)\b|\bbeen there\b|\bwhen i was\b|\bi remember (?:when|meeting|watching|seeing|the day)\b|\bi was pregnant\b`],

  // ---- information: facts, figures, news, reports
  ["information", 1, "according breaking report reports reported reportedly confirms confirmed statement announc* source sources study studies research data statistic* estimate estimated official officials headline via | full & story | update & : | just & in", String.raw`\baccording to\b|^breaking\b|\bbreaking(?: news)?:|\bbreaking news\b|\breport(?:s|ed|edly)?\b|\bconfirm(?:s|ed)\b|\bstatement\b|\bannounc\w+|\bsources? (?:say|said|close)|\bstud(?:y|ies)\b|\bresearch\b|\bdata\b|\bstatistic\w*|\bestimated?\b|\bofficials?\b|\bfull story\b|\bheadline\b|\bupdate:|\bjust in\b|\bvia\b`],
  ["information", 0.8, "pass passed dies died", String.raw`\bpass(?:ed)? away (?:from|of|after|at|due to|on)\b|\bdie[sd] (?:of|from|after|at|on)\b`],
  ["information", 1, "0* 1* 2* 3* 4* 5* 6* 7* 8* 9* stage battle cause diagnosed", String.raw`\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s?(?:%|percent|per cent|million|billion|thousand)|\b\d+ (?:in|out of) \d+\b|\b(?:died|dies|dead|passed away) (?:at|aged) \d|\baged? \d{2}\b|\bage of \d{2}\b|\bstage (?:\d|i{1,3}|iv)\b|\bbattle with\b|\bcause of death\b|\bdiagnosed with\b`],
  ["information", 0.6, "dies died killed arrested charged monday tuesday wednesday thursday friday saturday sunday 19* 20* | passed & away | dead & is at | death & of", String.raw`\b(?:dies|died|has died|have died|passed away|is dead|dead at|death of|killed|arrested|charged)\b|\b(?:19|20)\d{2}\b|\b(?:on|this|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`, "fact"],

  // ---- humor: jokes, laughter (kept conservative)
  ["humor", 1, "lol* loo* lma* lmfa* rofl haha* hehe* jk 😂 🤣 😆 😹 💀", String.raw`\blo+l+\b|\blmf?a+o+\b|\brofl\b|\bha(?:ha)+h?\b|\bhe(?:he)+\b|\bjk\b|😂|🤣|😆|😹|💀`],
  ["humor", 0.5, "😅 😜 🙃", String.raw`😅|😜|🙃`],

  // ---- other: spam and self-promotion
  ["other", 1, "giveaway crypto bitcoin | follow & me back for | check & my | dm & me | click & here link | subscribe & my | free & followers", String.raw`\bfollow (?:me|back|for)\b|\bcheck out my\b|\bgiveaway\b|\bcrypto\b|\bbitcoin\b|\bdm me\b|\bclick (?:here|the link)\b|\bsubscribe to my\b|\bfree followers\b`],
];

export const CUES: readonly Cue[] = table.map(([label, strength, triggers, src, kind]) => {
  const negatable = src.startsWith(NEG_MARK);
  const triggerTerms = triggers.split(" | ").map((term) => term.split(" & ").map((list) => list.split(" ")));
  return {
    label, strength, kind: kind ?? "cue", negatable, triggers: [...new Set(triggerTerms.flat(2))], triggerTerms,
    re: new RegExp(negatable ? src.slice(NEG_MARK.length) : src, "g"),
  };
});

/**
 * First- or second-person words: a voice, so not a bare news line. Whole words; contractions count
 * through their first word ("i'm", "we're", "you're"); "y" counts only as "y'all".
 */
export const VOICE_WORDS: readonly string[] = ["i", "me", "my", "mine", "we", "our", "us", "you", "your", "u", "ur", "y"];

/** How the 28 GoEmotions labels inform reactions (summed probabilities per reaction). */
export const EMOTION_MAP: ReadonlyArray<[Reaction, readonly string[]]> = [
  ["condolence", ["sadness", "grief", "remorse"]],
  ["support", ["caring", "love"]],
  ["praise", ["admiration", "gratitude", "pride"]],
  ["criticism", ["anger", "disgust", "disapproval", "annoyance"]],
  ["humor", ["amusement"]],
];
