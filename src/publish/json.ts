import type { Renderer } from "./types.ts";

/** The roundup as data: every quote keeps its platform, id, url and source for citation. */
export const renderJson: Renderer = (roundup) => JSON.stringify(roundup, null, 2) + "\n";
