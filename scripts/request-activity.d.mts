// Types of scripts/request-activity.mjs (a plain script: `npm start` runs it without a compiler).
import type { ServerResponse } from "node:http";
import type { RequestActivity } from "../lib/db/give-way";

export type CountingActivity = RequestActivity & { started(): void; ended(): void };
export declare function createRequestActivity(): CountingActivity;
export declare function requestActivity(): CountingActivity;
export declare function countRequest(res: ServerResponse, activity?: CountingActivity): void;
