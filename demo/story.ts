// The demo story, as hand-written prose: who is who, what the subject posted, and what people
// said back. Everything here is fictional, written for voxpop (see demo/README.md): the novelist
// Ada Marrow announces that her twelfth book will be her last (demo/article.html), and the next
// morning explains why: her husband Callum, coxswain of the Skerrow lifeboat, died last autumn.
// make-demo.ts turns these lines into each network's wire format with deterministic times,
// authors and ids. Nothing here is random; the generator's seeded choices are in make-demo.ts.

/** What the reaction was written to be (the annotation guide's types, ../shared/docs/REACTIONS.md). */
export type Intent =
  | "condolence" | "support" | "prayer" | "praise" | "defense" | "criticism" | "personal" | "information" | "humor" | "other";

/**
 * When a line can have been written: before the news, after the announcement (Tue 3 March 2026,
 * 18:02 UTC), after Ada's post about Callum (Wed 4 March, 09:02 UTC), or in the quiet days after.
 */
export type Phase = "before" | "news" | "loss" | "late";

export interface Line {
  text: string;
  intent: Intent;
  phase: Phase;
  /** BCP 47 primary tag when not English. */
  lang?: string;
  /** Only on this network (a line that names it, or a wire feature only it has). */
  net?: "bluesky" | "mastodon";
  /** Written to offend (so the abuse filter has something to hide); mild and fictional. */
  abusive?: true;
  /** Markup that must be shown literally, never run. */
  hostile?: true;
  /** Addresses Ada directly: posted as a reply to her post on that network. */
  reply?: true;
  /** Mastodon content warning. */
  cw?: string;
}

export const ARTICLE_URL = "https://harbour-gazette.example/culture/2026/03/03/ada-marrow-final-novel";
export const PRESS_URL = "https://saltmarshpress.example/news/the-last-tide-table";
export const LIFEBOAT_URL = "https://skerrowlifeboat.example/donate";
export const FESTIVAL_URL = "https://saltmarshfestival.example/2026/ada-marrow-farewell";

export const SUBJECT = {
  name: "Ada Marrow",
  x: { handle: "adamarrow", id: "1400000000000000001" },
  bluesky: { handle: "adamarrow.bsky.social", did: "did:plc:adm4rr0wq7k2v5nx3tzh6yle" },
  mastodon: { host: "mastodon.example", username: "adamarrow", id: "109400000000000001" },
} as const;

/** The subject's own posts, at fixed times. `id` is the X status id where the article quotes it. */
export interface SubjectPost {
  at: string;
  text: string;
  lang?: string;
  /** X only: a reply to this screen name. */
  replyTo?: string;
  /** X only: a retweet of this account's text. */
  retweetOf?: { handle: string; name: string; text: string };
  id?: string;
  cw?: string;
  /** Links the post carries (X: behind t.co; Bluesky: a link facet; Mastodon: an anchor). */
  links?: string[];
}

export const SUBJECT_X: SubjectPost[] = [
  { at: "2026-03-02T10:15:00Z", text: "Last read-through of the proofs today. The kettle has not been off since six." },
  { at: "2026-03-02T16:40:00Z", replyTo: "mairi_reads", text: "@mairi_reads Chapter nine is where Morag finally forgives her brother. I cried writing it too, if that helps." },
  { at: "2026-03-02T19:00:00Z", text: "Reminder that the Skerrow library is open late on Thursdays. Go and borrow something. Not mine. Something you have never heard of." },
  {
    at: "2026-03-03T18:02:11Z", id: "1897012345678901234", links: [PRESS_URL],
    text: "After forty years at the desk, the twelfth book will be the last one. Thank you for reading me, all of you, and for writing back. More on what comes next soon.",
  },
  {
    at: "2026-03-03T18:31:40Z",
    retweetOf: { handle: "SaltmarshPress", name: "Saltmarsh Press", text: "We are proud to confirm that The Last Tide Table, Ada Marrow's twelfth novel, will be published next spring. Forty years, twelve books, one extraordinary writer." },
    text: "",
  },
  { at: "2026-03-03T18:47:02Z", replyTo: "jookafor", text: "@jookafor Tell your grandmother's copy I said hello. Coffee rings are the best kind of marginalia." },
  { at: "2026-03-03T19:20:45Z", replyTo: "ruthsaltmarsh", text: "@ruthsaltmarsh Forty years and you still have that photograph. And that hat. We were so young, Ruth." },
  { at: "2026-03-03T21:10:09Z", text: "I am reading every reply, slowly, with a glass of something. You have made an old woman very happy tonight." },
  { at: "2026-03-03T22:05:30Z", text: "To those asking: no, there is no thirteenth book hidden in a drawer. Twelve is a good number. A tide table has twelve months." },
  { at: "2026-03-04T09:02:00Z", text: "Some of you asked why now. Here is the longer answer. 1/4" },
  { at: "2026-03-04T09:03:10Z", replyTo: "adamarrow", text: "2/4 Last November I lost Callum, my husband of forty-four years. He was coxswain of the Skerrow lifeboat for twenty of them, and my first reader for all of them." },
  { at: "2026-03-04T09:04:25Z", replyTo: "adamarrow", text: "3/4 I finished The Last Tide Table at his desk in the boathouse. It is his book. I cannot imagine a thirteenth without his pencil marks in the margins." },
  { at: "2026-03-04T09:05:40Z", replyTo: "adamarrow", text: "4/4 So I will teach: young writers from the coast, in the old net loft, from September. He would have liked that. Thank you for your kindness yesterday. It carried me." },
  { at: "2026-03-04T14:20:00Z", replyTo: "nkechiah", text: "@nkechiah Thank you, Nkechi. The lifeboat money was his idea, for the record. He always said I got the credit for his good ideas." },
  { at: "2026-03-04T19:45:00Z", text: "The lifeboat crew came to the door with flowers. The whole crew, in their yellow jackets. I have no words, which for a novelist is a professional failure." },
  { at: "2026-03-04T22:30:00Z", text: "Some people think this is a stunt. Fine. The book will be out in the spring and you can judge it then. That is what books are for." },
  { at: "2026-03-05T10:30:00Z", text: "Saltmarsh Press tells me the pre-orders have made the printers nervous. Please be patient with them; they are good people with old machines." },
  { at: "2026-03-05T17:00:00Z", lang: "no", text: "Tusen takk til alle mine norske lesere. Dere har alltid forstått havet i bøkene mine." },
  { at: "2026-03-05T21:15:00Z", text: "A reader in Halifax sent a photograph of Net Menders on a trawler's galley shelf, swollen fat with sea air. Best review I have ever had." },
  { at: "2026-03-06T09:00:00Z", text: "Back to the desk. Page 301 of 340. Thank you, all of you. Now hush, I have a book to finish." },
];

export const SUBJECT_BLUESKY: SubjectPost[] = [
  { at: "2026-03-03T18:03:30Z", links: [PRESS_URL], text: "After forty years at the desk, the twelfth book will be the last one. Thank you for reading me, all of you, and for writing back. More on what comes next soon." },
  { at: "2026-03-03T20:40:12Z", text: "Bluesky, you are very kind. I have answered nine replies and cried at four of them. That is a good ratio for a Tuesday." },
  { at: "2026-03-04T09:10:00Z", text: "The longer answer, in one piece: last November I lost Callum, my husband and my first reader. The Last Tide Table is his book. From September I will teach young writers in the old net loft at Skerrow. Thank you for carrying me yesterday." },
  { at: "2026-03-05T12:00:00Z", links: [LIFEBOAT_URL], text: "The Skerrow lifeboat crew asks that anyone who wants to send flowers give to the lifeboat fund instead. Callum would approve. So would I." },
  { at: "2026-03-05T20:10:00Z", text: "I have been called many things this week. \"Sad fishermen\" is my favourite. I shall have it embroidered on a cushion." },
  { at: "2026-03-06T08:30:00Z", text: "Page 305. The gulls are loud and the tea is cold. All is well." },
];

export const SUBJECT_MASTODON: SubjectPost[] = [
  { at: "2026-03-03T18:04:05Z", links: [PRESS_URL], text: "After forty years at the desk, the twelfth book will be the last one. Thank you for reading me, all of you, and for writing back. More on what comes next soon. #LastTideTable" },
  { at: "2026-03-03T23:10:00Z", text: "Good night, everyone. I did not expect the fediverse to know who I am, and I am touched that you do." },
  { at: "2026-03-04T09:12:00Z", cw: "death of a spouse", text: "Why now: last November I lost Callum, my husband of forty-four years and coxswain of the Skerrow lifeboat. I finished the book at his desk. It is his. From September I will teach young writers from the coast, in the old net loft. Thank you for yesterday." },
  { at: "2026-03-04T16:00:00Z", text: "Answering a question from several of you: yes, the net loft classes will be free, and yes, you may apply if you are seventy. Especially if you are seventy." },
  { at: "2026-03-05T18:00:00Z", text: "Danke, merci, gracias, obrigada, tusen takk. I have been reading replies in languages I do not speak, with a dictionary and a very patient grandson." },
];

/** Organisations that post news about the story: each posts its own `information` lines. */
export const ORGS = {
  press: { name: "Saltmarsh Press", bluesky: "saltmarshpress.bsky.social", mastodon: "saltmarshpress" },
  gazette: { name: "The Harbour Gazette", bluesky: "harbourgazette.bsky.social", mastodon: "harbourgazette" },
  shelf: { name: "Shelf Notes", bluesky: "shelfnotes.bsky.social", mastodon: "shelfnotes" },
  libraries: { name: "North Coast Libraries", bluesky: "northcoastlibraries.bsky.social", mastodon: "ncl" },
  festival: { name: "Saltmarsh Festival", bluesky: "saltmarshfest.bsky.social", mastodon: "saltmarshfest" },
  lifeboat: { name: "Skerrow Lifeboat Station", bluesky: "skerrowlifeboat.bsky.social", mastodon: "skerrowlifeboat" },
} as const;
export type Org = keyof typeof ORGS;

export interface OrgPost { org: Org; at: string; text: string; links?: string[]; net: "bluesky" | "mastodon" | "both" }

export const ORG_POSTS: OrgPost[] = [
  { org: "festival", at: "2026-03-02T12:00:00Z", net: "both", links: ["https://saltmarshfestival.example/2026"], text: "The Saltmarsh Festival 2026 programme is out: forty events over four days in June, from sea shanties to a masterclass on the short story. Tickets open on Friday." },
  { org: "press", at: "2026-03-03T18:20:00Z", net: "both", links: [PRESS_URL], text: "We are proud to confirm that The Last Tide Table, Ada Marrow's twelfth novel, will be published next spring. Forty years, twelve books, one extraordinary writer." },
  { org: "gazette", at: "2026-03-03T18:41:00Z", net: "both", links: [ARTICLE_URL], text: "Novelist Ada Marrow says her next book will be her last. The 71-year-old author of Net Menders plans to spend her remaining working years teaching." },
  { org: "shelf", at: "2026-03-04T08:15:00Z", net: "both", links: ["https://shelfnotes.example/2026/03/04/marrow-preorders"], text: "Pre-orders for Ada Marrow's The Last Tide Table: 41,000 copies in the first 24 hours, according to Saltmarsh Press, three times her previous record." },
  { org: "gazette", at: "2026-03-04T10:05:00Z", net: "both", links: ["https://harbour-gazette.example/culture/2026/03/04/ada-marrow-callum"], text: "Ada Marrow says her husband Callum, who was coxswain of the Skerrow lifeboat for twenty years, died last November. She finished her final novel at his desk." },
  { org: "libraries", at: "2026-03-04T11:30:00Z", net: "bluesky", text: "Ada Marrow has been the most borrowed author in our branches for 22 straight years. Reserve lists for all eleven novels are open today at every branch." },
  { org: "lifeboat", at: "2026-03-04T13:00:00Z", net: "both", links: [LIFEBOAT_URL], text: "Callum Marrow served this station for twenty years and launched 312 times. Ada has asked that gifts in his memory go to the lifeboat fund. Thank you all." },
  { org: "festival", at: "2026-03-04T17:00:00Z", net: "both", links: [FESTIVAL_URL], text: "Ada Marrow will give a farewell reading at the Saltmarsh Festival on Saturday 20 June, in the harbour marquee. Tickets go on sale on Friday at 10:00." },
  { org: "shelf", at: "2026-03-05T09:00:00Z", net: "mastodon", links: ["https://shelfnotes.example/2026/03/05/marrow-backlist"], text: "Backlist effect: sales of Ada Marrow's earlier novels rose 600% week on week, with Net Menders back in the top ten for the first time since its 2009 adaptation." },
  { org: "lifeboat", at: "2026-03-05T16:30:00Z", net: "bluesky", links: [LIFEBOAT_URL], text: "Update: gifts to the lifeboat fund in Callum Marrow's memory passed £80,000 this afternoon, from readers in 31 countries. The crew is overwhelmed. Thank you." },
  { org: "festival", at: "2026-03-06T10:20:00Z", net: "both", links: [FESTIVAL_URL], text: "Ada Marrow's farewell reading sold out in eleven minutes. We are adding a live stream on the harbour wall screen, free for all." },
  { org: "press", at: "2026-03-06T11:00:00Z", net: "mastodon", text: "A note to readers: we are reprinting all eleven of Ada Marrow's novels. Some editions may be out of stock for two or three weeks. Thank you for your patience." },
];

/**
 * Reactions from the public. Lines that address Ada ("you") are marked `reply`. Each line is
 * posted once by an invented person; COPIES below are posted word for word by several.
 */
export const REACTIONS: Line[] = [
  // ---- praise: the work, the writer -------------------------------------------------------------
  { intent: "praise", phase: "news", text: "Ada Marrow is the reason I read anything at all. Net Menders at fourteen changed my whole idea of what a book could be." },
  { intent: "praise", phase: "news", text: "Nobody writes weather like Ada Marrow. You can smell the diesel and the rain on every page." },
  { intent: "praise", phase: "news", reply: true, text: "Thank you for forty years of the best books I own. The Herring Year is still my favourite novel, full stop." },
  { intent: "praise", phase: "news", text: "Ada Marrow writing about a harbour town is like anyone else writing about the whole world. A master, start to finish." },
  { intent: "praise", phase: "news", text: "The Gutting Shed is the finest novel about work I have ever read. Every page earns its place. What a career." },
  { intent: "praise", phase: "news", reply: true, text: "You made ordinary people heroic without ever lying about them. That is the rarest gift in fiction. Thank you, Ada." },
  { intent: "praise", phase: "news", text: "Twelve novels and not one lazy sentence. Ada Marrow is a genius and I will hear no arguments." },
  { intent: "praise", phase: "news", text: "Winter Ferry taught me more about grief than any book of philosophy. An extraordinary writer." },
  { intent: "praise", phase: "news", text: "Morag Finlay is one of the great characters of modern fiction and I will die on this hill." },
  { intent: "praise", phase: "news", reply: true, text: "Your books are the reason I became a writer. Thank you for every one of them. What a legacy." },
  { intent: "praise", phase: "news", text: "The opening page of Lantern Bay should be taught in every school. Perfect prose, perfect rhythm." },
  { intent: "praise", phase: "news", text: "Few writers have had a run like Ada Marrow's: eleven books, and the worst of them would be anyone else's best." },
  { intent: "praise", phase: "news", text: "Ada Marrow gave the north coast its own literature. Not a footnote in someone else's. Its own. A true icon." },
  { intent: "praise", phase: "news", reply: true, text: "What a body of work. I hope you know how much it meant to so many of us. Brilliant, brave, funny books." },
  { intent: "praise", phase: "news", text: "Salt in the Rigging is a perfect novel. I said what I said." },
  { intent: "praise", phase: "news", text: "Such a gifted, generous writer. Her books treat readers as grown-ups, which is rarer than it should be." },
  { intent: "praise", phase: "news", text: "A legend is hanging up her pen. The Coxswain's Wife alone would have been enough for one lifetime." },
  { intent: "praise", phase: "news", text: "Her dialogue is the best in the business. Every character sounds like someone you could meet on the quay." },
  { intent: "praise", phase: "news", reply: true, text: "Forty years of showing us that small lives are big stories. Thank you for all of it. Incredible." },
  { intent: "praise", phase: "news", text: "Ada Marrow, the best living novelist in these islands. Yes, I am including the famous ones." },
  { intent: "praise", phase: "late", text: "Rereading Net Menders this week. It has not aged a day. An astonishing debut from an astonishing writer." },
  { intent: "praise", phase: "late", text: "Spent the evening with North of the Breakwater again. The final chapter still takes the air out of the room. A masterpiece." },
  { intent: "praise", phase: "late", text: "The more I read about Ada Marrow this week the more I admire her. Graceful, funny, honest. A class act." },
  { intent: "praise", phase: "loss", reply: true, text: "Thank you for sharing something so private with such grace. You are as remarkable as your books." },
  { intent: "praise", phase: "loss", text: "Teaching young writers from the coast for free after a career like that. What a generous, wonderful person she is." },
  { intent: "praise", phase: "loss", text: "Ada Marrow turning her grief into a writing school in a net loft is the most Ada Marrow thing imaginable. Inspiring." },
  { intent: "praise", phase: "news", text: "Mending Season is the most underrated book of the century. Beautifully made, quietly devastating, funny in all the right places." },
  { intent: "praise", phase: "news", text: "The Weather Glass showed that a seventy-year-old writer can still surprise you. Brilliant and strange and alive." },

  // ---- support: love, strength, solidarity ----------------------------------------------------
  { intent: "support", phase: "news", reply: true, text: "Sending you so much love, Ada. Enjoy the next chapter, whatever it holds. 💙" },
  { intent: "support", phase: "news", reply: true, text: "Wishing you every happiness, Ada. You have more than earned the rest. Sending love from Port Annis." },
  { intent: "support", phase: "news", reply: true, text: "Go well, Ada. We are all cheering for you. ❤️" },
  { intent: "support", phase: "loss", reply: true, text: "Sending love and strength, Ada. You are surrounded by readers who care about you." },
  { intent: "support", phase: "loss", reply: true, text: "Thinking of you and sending all my love. Take all the time you need. We are not going anywhere." },
  { intent: "support", phase: "loss", reply: true, text: "Sending you a huge hug from across the water, Ada. Stay strong." },
  { intent: "support", phase: "loss", reply: true, text: "We are with you, Ada. All of us. Lean on the love out here. 💛" },
  { intent: "support", phase: "loss", text: "Sending all the love in the world to Ada Marrow and her family today." },
  { intent: "support", phase: "loss", reply: true, text: "Holding you close in my thoughts, Ada. Be gentle with yourself this week." },
  { intent: "support", phase: "loss", reply: true, text: "Sending warmth and love from a cold kitchen in Calloway Ness. You are not alone." },
  { intent: "support", phase: "loss", reply: true, text: "Lots of love to you, Ada. I hope the net loft is full of noise and tea and young people by September." },
  { intent: "support", phase: "loss", text: "Whatever you are doing today, send a kind thought to Ada Marrow. She has given us all so much." },
  { intent: "support", phase: "late", reply: true, text: "Sending love for the last pages, Ada. Take your time. The book will be ready when it is ready." },
  { intent: "support", phase: "news", reply: true, text: "Enjoy every minute of the classroom. Those students are the luckiest people on the coast. Love to you." },
  { intent: "support", phase: "loss", reply: true, text: "Strength and love to you and your family, Ada. The whole coast is thinking of you." },
  { intent: "support", phase: "loss", text: "Love to Ada Marrow, and to the Skerrow lifeboat crew who lost one of their own." },
  { intent: "support", phase: "late", text: "The lifeboat fund total made me cry on the bus. Sending love to Ada and the crew." },

  // ---- condolence ------------------------------------------------------------------------------
  { intent: "condolence", phase: "loss", reply: true, text: "I am so sorry for your loss, Ada. Callum sounds like he was a remarkable man." },
  { intent: "condolence", phase: "loss", reply: true, text: "So very sorry about Callum. Heartbroken reading this. Forty-four years is a whole life together." },
  { intent: "condolence", phase: "loss", text: "Rest in peace, Callum Marrow. Twenty years at the helm of the Skerrow lifeboat, and the first reader of every one of her books." },
  { intent: "condolence", phase: "loss", reply: true, text: "My deepest condolences, Ada. I am so sorry. Thank you for telling us." },
  { intent: "condolence", phase: "loss", text: "Heartbreaking news about Ada Marrow's husband. So sorry for her loss." },
  { intent: "condolence", phase: "loss", reply: true, text: "I'm so sorry, Ada. I had no idea. Devastating." },
  { intent: "condolence", phase: "loss", text: "RIP Callum Marrow. A coxswain and a first reader. The sea has lost a good man." },
  { intent: "condolence", phase: "loss", reply: true, text: "So sorry for your loss. Losing your person is the hardest thing there is." },
  { intent: "condolence", phase: "loss", text: "Reading Ada Marrow's thread with a lump in my throat. I am so sorry. What a loss." },
  { intent: "condolence", phase: "loss", reply: true, text: "Deeply sorry, Ada. My condolences to you and to everyone at the Skerrow station." },
  { intent: "condolence", phase: "loss", text: "Heartbroken for Ada Marrow. Finishing a book at his desk. I can't stop thinking about it." },
  { intent: "condolence", phase: "loss", reply: true, text: "I am so sorry about Callum. Rest easy, coxswain." },
  { intent: "condolence", phase: "loss", text: "So sad to learn Callum Marrow died last year. Condolences to Ada and the whole Skerrow family." },
  { intent: "condolence", phase: "loss", reply: true, text: "I'm so terribly sorry for your loss, Ada. Sending condolences from all of us at the Tuesday book club." },
  { intent: "condolence", phase: "loss", text: "Devastating to read about Callum. Sorry for your loss, Ada. The book will mean even more now." },
  { intent: "condolence", phase: "loss", reply: true, text: "Oh Ada. I am so, so sorry. Rest in peace, Callum." },
  { intent: "condolence", phase: "loss", text: "That thread from Ada Marrow. I'm heartbroken. Sorry for her loss." },
  { intent: "condolence", phase: "loss", reply: true, text: "My condolences, Ada. Grief is love with nowhere to go, and you have put yours into a book. I am so sorry." },

  // ---- prayer ----------------------------------------------------------------------------------
  { intent: "prayer", phase: "loss", reply: true, text: "Praying for you, Ada. May God give you peace and rest to Callum's soul." },
  { intent: "prayer", phase: "loss", reply: true, text: "Keeping you in my prayers tonight, Ada. God bless you and your family." },
  { intent: "prayer", phase: "loss", text: "Lighting a candle for Callum Marrow at evening mass. Prayers for Ada." },
  { intent: "prayer", phase: "loss", reply: true, text: "Prayers for you and the whole lifeboat crew. May he rest in God's peace." },
  { intent: "prayer", phase: "loss", text: "Praying for Ada Marrow tonight. Eternal rest grant unto him, O Lord." },
  { intent: "prayer", phase: "loss", reply: true, text: "God bless you, Ada. We will pray for you at the harbour chapel on Sunday." },
  { intent: "prayer", phase: "loss", reply: true, text: "Prayers and blessings from our parish. Callum is an angel watching over the boats now." },

  // ---- personal: the author's own related experience -------------------------------------------
  { intent: "personal", phase: "news", text: "My dad was a trawlerman and he never read a novel in his life, except Net Menders, three times. He said she got the smell of the fish hold right." },
  { intent: "personal", phase: "news", text: "I met Ada Marrow once at a signing in 2004. I was nineteen and I told her I wanted to write. She wrote \"Then do\" in my copy. I did." },
  { intent: "personal", phase: "news", text: "I read The Herring Year in the hospital after my son was born, one chapter per feed. I still can't open it without smelling that ward." },
  { intent: "personal", phase: "news", text: "My mum and I used to swap Ada Marrow books by post when I moved abroad. We called it the Marrow Mail. She passed in 2021 and I still have her last letter in Winter Ferry." },
  { intent: "personal", phase: "news", text: "I grew up in a harbour town and thought nothing interesting could ever happen there. Then I read Lantern Bay and saw my own street in it." },
  { intent: "personal", phase: "news", text: "I taught The Gutting Shed to fifteen-year-olds for twelve years. Every single year, someone who hated reading asked to borrow the next one." },
  { intent: "personal", phase: "news", text: "When I was sixteen I wrote Ada Marrow a very bad letter about a very bad poem. She wrote back two pages. I have them framed." },
  { intent: "personal", phase: "news", text: "My grandfather sailed with the Skerrow boats in the sixties. I gave him Salt in the Rigging for his eightieth and he read it with a pencil, correcting the knots." },
  { intent: "personal", phase: "news", text: "I worked in a bookshop for nine years. The only author we never once had to put in the sale bin was Ada Marrow." },
  { intent: "personal", phase: "loss", text: "I lost my husband two years ago and I could not write a shopping list for months. Finishing a whole novel at his desk is beyond me. I understand why she is stopping." },
  { intent: "personal", phase: "loss", text: "My father was on the lifeboats for thirty years. Every time the maroons went up, my mother put the kettle on and didn't drink it. I know that kitchen." },
  { intent: "personal", phase: "loss", text: "I was a volunteer on the Skerrow boat for three winters. Callum Marrow taught me how to tie a bowline in the dark. He never once raised his voice." },
  { intent: "personal", phase: "loss", text: "When my wife died I read Winter Ferry every night for a month. I didn't know then that Ada would one day be writing from the same place." },
  { intent: "personal", phase: "news", text: "Net Menders was the first book I ever bought with my own money, from a market stall in 1991. It cost 50p. Best 50p I ever spent." },
  { intent: "personal", phase: "news", text: "I named my daughter Morag after the heroine of Net Menders. She is twenty-two now and has just read it for the first time. She rang me in tears." },
  { intent: "personal", phase: "news", text: "Our book group has met for nineteen years and started with The Herring Year. We voted last night to read all twelve again, in order, starting in April." },
  { intent: "personal", phase: "late", text: "I went to the Skerrow library today for the first time since I was a kid. Every Ada Marrow book was out. I borrowed something I had never heard of, like she said." },
  { intent: "personal", phase: "late", text: "I sent my first ever donation to a lifeboat fund today. I live three hundred miles from the sea. That is what her books do to you." },
  { intent: "personal", phase: "news", text: "I was the sound recordist on the Net Menders series in 2009. She came to the set every day with a flask of soup for the crew. Every day." },
  { intent: "personal", phase: "news", text: "I learned English from Ada Marrow's books. I still say \"aye\" to my colleagues in Lisbon and they have no idea why." },

  // ---- defense: rebuking the critics -----------------------------------------------------------
  { intent: "defense", phase: "news", text: "People calling this a publicity stunt should be ashamed. She is seventy-one and has written twelve books. Let her retire in peace." },
  { intent: "defense", phase: "news", text: "If your first reaction to a writer retiring is to sneer at her, maybe look at yourself. Leave her alone." },
  { intent: "defense", phase: "news", text: "\"All the same book about sad fishermen.\" Have you actually read The Weather Glass? Leave her alone and go read it." },
  { intent: "defense", phase: "news", text: "The \"cashing in\" crowd clearly don't know she gave half an advance to the lifeboat fund. Stop attacking her." },
  { intent: "defense", phase: "loss", text: "And now we know why she is stopping. I hope everyone who called it a sales tactic is feeling appropriately small today." },
  { intent: "defense", phase: "loss", text: "To the people still calling this a stunt after that thread: have some decency. Leave the woman alone." },
  { intent: "defense", phase: "news", text: "Criticise the books all you like, that is fair game. Mocking a woman for retiring is not. Let her be." },
  { intent: "defense", phase: "news", text: "People saying she only writes one kind of book: so did Austen, so did Chekhov. Stop it. Leave Ada alone." },
  { intent: "defense", phase: "loss", text: "Anyone still sneering at Ada Marrow today should log off and have a long hard think. She owes you nothing." },
  { intent: "defense", phase: "news", text: "Ignore the trolls in the replies, Ada. They have never written a line worth reading. Leave her alone, all of you." },

  // ---- criticism -------------------------------------------------------------------------------
  { intent: "criticism", phase: "news", text: "Twelve books about weather and grief and fish. I'm sorry, but Ada Marrow stopped having anything new to say around 2005." },
  { intent: "criticism", phase: "news", text: "Announcing your \"last book\" a year before it comes out is a marketing plan, not a farewell. Cynical." },
  { intent: "criticism", phase: "news", text: "Overrated. The later Marrow novels are the same tired nostalgia for a coast that never existed." },
  { intent: "criticism", phase: "news", text: "Genuinely don't understand the fuss. The Weather Glass was a chore to finish and the prose is purple." },
  { intent: "criticism", phase: "news", text: "Her books romanticise a brutal industry and the people who actually work the boats are sick of it. Disappointing career, honestly." },
  { intent: "criticism", phase: "news", text: "Funny how a \"final book\" announcement lands just as pre-orders open. Sales tactic, plain and simple." },
  { intent: "criticism", phase: "news", text: "Saltmarsh Press squeezing every last penny out of this. Shameless marketing." },
  { intent: "criticism", phase: "news", text: "Net Menders was great. Everything after it was the same book with a different boat. Retirement is overdue." },
  { intent: "criticism", phase: "late", text: "The media fawning over Ada Marrow this week is embarrassing. She is a decent writer, not a saint." },
  { intent: "criticism", phase: "news", text: "Sad fisherman, sad widow, sad weather, repeat. Twelve times. The most boring great writer in the country." },
  { intent: "criticism", phase: "news", text: "This \"last book\" stunt is a cynical cash grab. Shameful from her and from Saltmarsh Press." },
  { intent: "criticism", phase: "news", text: "Attention seeking, plain and simple. Announce it when the book is finished, not a year early." },
  { intent: "criticism", phase: "news", abusive: true, text: "Ada Marrow is a washed-up old hack and her fans are idiots. Shut up and go away." },
  { intent: "criticism", phase: "news", abusive: true, text: "Good riddance to the most pathetic, talentless fraud in publishing. Nobody cares, you stupid old bore." },
  { intent: "criticism", phase: "news", abusive: true, text: "Her readers are brain-dead morons who think fish guts are literature. What a bunch of losers." },
  { intent: "criticism", phase: "late", abusive: true, text: "Shut up about Ada Marrow already, you sad pathetic idiots. She's a hack and so are you." },

  // ---- information -----------------------------------------------------------------------------
  { intent: "information", phase: "news", text: "For anyone catching up: Ada Marrow, 71, says her twelfth novel, The Last Tide Table, due next spring, will be her last." },
  { intent: "information", phase: "news", text: "According to Saltmarsh Press, The Last Tide Table is due next spring. Marrow's debut Net Menders was published in 1986 and adapted for television in 2009." },
  { intent: "information", phase: "news", text: "Ada Marrow's novels have sold more than nine million copies in 23 languages, per her publisher." },
  { intent: "information", phase: "news", text: "Reading order for anyone starting now: Net Menders (1986), The Herring Year, Lantern Bay, Salt in the Rigging, The Gutting Shed, Winter Ferry, Tide Tables, Mending Season, The Coxswain's Wife, North of the Breakwater, The Weather Glass." },
  { intent: "information", phase: "loss", text: "Report: Ada Marrow's husband Callum, coxswain of the Skerrow lifeboat for 20 years, died in November. She says the new book is dedicated to him." },
  { intent: "information", phase: "loss", text: "The Skerrow lifeboat station says donations in memory of Callum Marrow can be made through its website. Link in the station's post." },
  { intent: "information", phase: "loss", text: "Ada Marrow says she will run free writing classes for young people from the coast in the old net loft at Skerrow, starting in September." },
  { intent: "information", phase: "late", text: "Shelf Notes reports Net Menders is back in the bestseller top ten, 40 years after publication." },
  { intent: "information", phase: "late", text: "Tickets for Ada Marrow's farewell reading at the Saltmarsh Festival (20 June) sold out in 11 minutes. A free live stream on the harbour wall was announced this morning." },
  { intent: "information", phase: "late", text: "The lifeboat fund in Callum Marrow's memory has passed £80,000, according to the Skerrow station." },
  { intent: "information", phase: "news", text: "The BBC-style adaptation of Net Menders (2009) is streaming again from tonight, according to the broadcaster's schedule." },
  { intent: "information", phase: "news", text: "Thread of Ada Marrow's interviews over the years, for anyone who wants to hear her talk about craft. Starts with the 2019 Saltmarsh lecture." },

  // ---- humor -----------------------------------------------------------------------------------
  { intent: "humor", phase: "news", text: "Ada Marrow retiring means I will finally have to talk to my family at Christmas instead of reading. Devastating lol." },
  { intent: "humor", phase: "news", text: "Net Menders retiring. Tide Tables turning. The puns write themselves, which is more than the rest of us can say lol." },
  { intent: "humor", phase: "news", text: "Me: I'll buy one book. Also me: adds the whole Ada Marrow backlist to my basket at 1am 😂" },
  { intent: "humor", phase: "news", text: "Trawlermen across the coast nervously wondering who will write about their feelings now 😂" },
  { intent: "humor", phase: "news", text: "Forty years of making readers cry on public transport. Somebody owes us a lot of tissues lol." },
  { intent: "humor", phase: "news", text: "The gulls of Skerrow are holding an emergency meeting. Who will immortalise their crimes now? 😂" },
  { intent: "humor", phase: "news", text: "My copy of Salt in the Rigging has more sand in it than the actual beach lmao." },
  { intent: "humor", phase: "news", text: "Breaking: local man finishes The Herring Year, smells faintly of herring, refuses to explain. lol" },
  { intent: "humor", phase: "news", text: "Ada Marrow: the twelfth book will be the last. My bookshelf, already bowing in the middle: thank god 😂" },
  { intent: "humor", phase: "late", text: "Booksellers this week: \"Net Menders?\" \"Sold out.\" \"Tide Tables?\" \"Sold out.\" \"Any Ada Marrow?\" \"Sir, this is a fishmonger.\" lol" },
  { intent: "humor", phase: "late", text: "The printers at Saltmarsh Press, watching the pre-order numbers: 😂😭" },
  { intent: "humor", phase: "news", text: "Instructions for reading an Ada Marrow novel: 1. kettle on 2. blanket 3. weep on page 40 4. pretend you have a cold. lol" },

  // ---- other: off topic, unclear, spam -----------------------------------------------------------
  { intent: "other", phase: "news", text: "Is the ferry from Port Annis running tomorrow? Asking for a friend." },
  { intent: "other", phase: "news", text: "Which edition has the map at the front? The hardback or the paperback?" },
  { intent: "other", phase: "late", text: "Anyone know a good bookbinder near Calloway Ness? Asking unrelatedly." },
  { intent: "other", phase: "news", text: "🐟🐟🐟" },
  { intent: "other", phase: "late", text: "Get 70% off bestselling novels today only!!! Click the link in our bio for free shipping" },
  { intent: "other", phase: "news", text: "Does anyone know what time the harbour car park closes on a Tuesday?" },

  // ---- not in English --------------------------------------------------------------------------
  { intent: "praise", phase: "news", lang: "de", text: "Ada Marrow hat mir das Meer erklärt, obwohl ich in Kassel aufgewachsen bin. Was für eine großartige Autorin." },
  { intent: "condolence", phase: "loss", lang: "de", text: "Es tut mir so leid, Ada. Mein herzliches Beileid zum Verlust von Callum." },
  { intent: "praise", phase: "news", lang: "fr", text: "Quarante ans de romans magnifiques. Merci, Ada Marrow, pour Les Raccommodeuses de filets et tout le reste." },
  { intent: "condolence", phase: "loss", lang: "fr", text: "Toutes mes condoléances, Ada. Je suis tellement désolée pour Callum." },
  { intent: "praise", phase: "news", lang: "es", text: "Ada Marrow es una de las mejores novelistas vivas. Gracias por tantos años de libros maravillosos." },
  { intent: "support", phase: "loss", lang: "es", text: "Mucho ánimo, Ada. Te mando un abrazo enorme desde Vigo." },
  { intent: "personal", phase: "news", lang: "pt", text: "Li O Ano do Arenque no barco do meu pai, em Peniche, quando tinha quinze anos. Nunca mais me esqueci." },
  { intent: "condolence", phase: "loss", lang: "pt", text: "Os meus sentimentos, Ada. Descansa em paz, Callum." },
  { intent: "praise", phase: "news", lang: "nl", text: "Wat een schrijver. Twaalf boeken en geen enkele slechte zin. Dank je wel, Ada Marrow." },
  { intent: "praise", phase: "news", lang: "no", text: "Ada Marrow skriver om kysten bedre enn noen av våre egne forfattere. Takk for alt." },
  { intent: "condolence", phase: "loss", lang: "no", text: "Så leit å høre om Callum. Varme tanker til deg, Ada." },
  { intent: "praise", phase: "news", lang: "it", text: "Grazie, Ada Marrow, per quarant'anni di romanzi bellissimi. Una scrittrice immensa." },
  { intent: "praise", phase: "news", lang: "ga", text: "Go raibh míle maith agat, Ada. Scríbhneoir iontach thú." },
  { intent: "criticism", phase: "news", lang: "de", text: "Ehrlich gesagt fand ich die letzten Bücher langweilig. Immer dasselbe Meer, immer dieselbe Trauer." },
  { intent: "humor", phase: "news", lang: "es", text: "Mi abuela leyó Net Menders nueve veces y todavía llora en la página 40. jajaja" },
  { intent: "information", phase: "news", lang: "fr", text: "La romancière Ada Marrow, 71 ans, annonce que son douzième roman, attendu au printemps, sera le dernier." },
  { intent: "support", phase: "news", lang: "ja", text: "エイダ・マロウさん、長い間ありがとうございました。これからの人生も応援しています。" },
  { intent: "praise", phase: "news", lang: "pl", text: "Ada Marrow to wielka pisarka. Dziękuję za wszystkie książki." },
  { intent: "prayer", phase: "loss", lang: "es", text: "Rezando por ti, Ada. Que Dios te dé fuerza. Descanse en paz, Callum." },
  { intent: "support", phase: "loss", lang: "de", text: "Ganz viel Kraft für dich, Ada. Wir denken an dich." },

  // ---- hostile markup: must be shown as text, never run ---------------------------------------------
  { intent: "other", phase: "news", hostile: true, text: "<img src=x onerror=alert(1)>" },
  { intent: "praise", phase: "news", hostile: true, text: "Best writer alive <script>alert(\"marrow\")</script> fight me" },
  { intent: "other", phase: "late", hostile: true, text: "\"><svg onload=alert(document.cookie)> testing if this site escapes things" },
  { intent: "humor", phase: "news", hostile: true, text: "my review of The Herring Year: <b>10/10</b> <a href=\"javascript:alert(1)\">click for more fish</a> lol" },
];

/** Lines posted word for word by several people (a chain post), and how many times. */
export const COPIES: Array<{ line: Line; times: number }> = [
  { times: 4, line: { intent: "praise", phase: "news", text: "Thank you, Ada Marrow, for Net Menders and for every book after it. 🌊📚 Share if she made you a reader." } },
  { times: 3, line: { intent: "condolence", phase: "loss", text: "Rest in peace, Callum Marrow, coxswain of the Skerrow lifeboat. Fair winds and following seas. ⚓" } },
];

/** Short openers and closers that make near-duplicates of a few lines, as people do when they echo each other. */
export const ECHOES: Array<{ of: string; text: string }> = [
  { of: "Sending you so much love, Ada.", text: "Sending you so much love, Ada. Enjoy the next chapter, whatever it holds!" },
  { of: "RIP Callum Marrow.", text: "RIP Callum Marrow. A coxswain and a first reader. The sea has lost a good man 💔" },
];

/** Invented people: first and last names combined by the generator, never a real person on purpose. */
export const FIRST = [
  "Aileen", "Bram", "Catriona", "Dev", "Elspeth", "Fionn", "Greta", "Hamish", "Ines", "Jonah", "Kirsty", "Lachlan", "Mairi", "Niamh",
  "Oskar", "Priyanka", "Rory", "Siobhan", "Tariq", "Una", "Viggo", "Wren", "Yusuf", "Zofia", "Amara", "Bjorn", "Carys", "Duncan",
  "Efua", "Freya", "Gus", "Hana", "Isla", "Jamal", "Kofi", "Lena", "Magnus", "Nell", "Odile", "Pedro", "Ros", "Sanjay", "Tove",
  "Ulla", "Vikram", "Wendell", "Ximena", "Yara", "Zeke", "Anouk", "Callan", "Dagny", "Ewan", "Fatima", "Gideon", "Heidi", "Ivo",
];
export const LAST = [
  "Abernethy", "Baptiste", "Coutts", "Dalgleish", "Eriksen", "Fairbairn", "Gunn", "Haldorsen", "Iqbal", "Jardine", "Kerrigan",
  "Lindgren", "McAra", "Nakamura", "Ogilvie", "Petrescu", "Quayle", "Rasmussen", "Sinclair", "Tulloch", "Umeh", "Vass", "Wishart",
  "Yilmaz", "Zielinski", "Achterberg", "Brodie", "Cheung", "Duarte", "Esposito", "Flett", "Gray-Moss", "Harcus", "Ibsen", "Jovanovic",
  "Kowalczyk", "Leask", "Moncrieff", "Nordahl", "Okonkwo", "Pirie", "Rendall", "Strachan", "Thorsen", "Urquhart", "Voss", "Wallace",
];
/** Display-name flourishes people add. */
export const FLOURISH = ["", "", "", "", "", " 📚", " 🌊", " 🧶", " ⚓", " (she/her)", " (he/him)", " 🐟", " ✍️"];

/**
 * Short posts assembled from hand-written pieces (opener + body + closer), for the many people who
 * say much the same thing in their own words. The generator never posts the same assembly twice.
 */
export const BOOKS = [
  "Net Menders", "The Herring Year", "Lantern Bay", "Salt in the Rigging", "The Gutting Shed", "Winter Ferry", "Tide Tables",
  "Mending Season", "The Coxswain's Wife", "North of the Breakwater", "The Weather Glass",
];
export const TOWNS = ["Port Annis", "Calloway Ness", "Skerrow", "Dundee", "Galway", "Bergen", "Halifax", "Hobart", "Cork", "Whitby", "Stavanger", "Lerwick", "St John's", "Oban"];

export interface Pieces { intent: Intent; phase: Phase; reply: boolean; count: number; openers: string[]; bodies: string[]; closers: string[] }

export const ASSEMBLED: Pieces[] = [
  {
    intent: "praise", phase: "news", reply: false, count: 45,
    openers: ["", "", "", "What a career.", "End of an era.", "Oh, Ada.", "Just seen the news."],
    bodies: [
      "{book} is a masterpiece.",
      "{book} is still my favourite novel. What a brilliant writer.",
      "{book} is a work of genius and I will hear no arguments.",
      "thank you for {book}. It changed my life.",
      "{book} is the most beautiful book I own. A true master.",
      "Rereading {book} tonight in her honour. Still brilliant.",
      "{book} should be taught in every school. Incredible writing.",
      "Just finished {book} for the third time. Still brilliant, still my favourite.",
      "{book} is the finest thing she wrote. What an extraordinary talent.",
      "{book} taught me how to write a sentence. She is a legend.",
      "I have given away five copies of {book}. A perfect, brilliant novel.",
      "{book} made me phone my mother. A beautiful, generous book.",
    ],
    closers: ["", "", "Thank you, Ada.", "What a writer.", "🌊", "📚", "A true great.", "Legend."],
  },
  {
    intent: "support", phase: "loss", reply: true, count: 28,
    openers: ["", "", "Ada,", "Dear Ada,", "Oh Ada,"],
    bodies: [
      "sending you all the love in the world.",
      "sending love and a very big hug from {town}.",
      "we are all with you. Lean on us.",
      "sending strength for the days ahead.",
      "you are surrounded by so much love right now.",
      "thinking of you today and sending love.",
      "take care of yourself. We will be here in the spring.",
      "sending love to you and the whole lifeboat crew.",
    ],
    closers: ["", "💙", "❤️", "x", "Love from {town}.", "Stay strong."],
  },
  {
    intent: "condolence", phase: "loss", reply: true, count: 26,
    openers: ["", "", "Oh no.", "Ada,", "Just read your thread."],
    bodies: [
      "I am so sorry for your loss.",
      "so very sorry about Callum.",
      "heartbroken for you. I am so sorry.",
      "my deepest condolences to you and your family.",
      "I'm so sorry. Forty-four years is a lifetime of love.",
      "so sorry to hear about Callum. What a loss for Skerrow.",
      "I am so sorry. Rest in peace, Callum.",
    ],
    closers: ["", "💔", "🕯️", "Rest easy, coxswain.", "Condolences from {town}."],
  },
];
