// bus: scale-out collection over NATS JetStream. In-process collection (src/pipeline) stays the
// default; with `--bus nats://HOST:4222`, collectors publish every raw item to a JetStream stream
// (a subject per story and source, one message per item, with a message id JetStream uses to drop
// repeats) and `voxpop worker` processes, any number on any machines, pull them from one shared
// durable consumer and run the same per-item ingest as in process (ItemIngester), acknowledging a
// message only after the store transaction that holds it commits. Cursors are committed by the
// workers with the posts, never by a collector, and only up to what JetStream has acknowledged
// (the safe cursor, publisher.ts), so a collector killed mid-stream resumes without a gap and
// re-published items are harmless (same message id, idempotent store). Workers rebuild a source's
// normalize from a descriptor (normalizers.ts) or use the collector's own result.
export { openBusPublisher, publishSourceToBus } from "./publisher.ts";
export type { BusPublisher, BusPublishStats, BusSourceContext, PublisherOptions, PublishTarget } from "./publisher.ts";
export { runWorker, newWorkerStats } from "./worker.ts";
export type { WorkerOptions, WorkerStats } from "./worker.ts";
export { connectBus, ensureStream, ensureConsumer, parseBusUrl, displayUrl, resolveNames } from "./connection.ts";
export type { BusNames, StreamOptions, ConsumerOptions } from "./connection.ts";
export { normalizerSpecOf, normalizerFor } from "./normalizers.ts";
export type { NormalizerSpec, Normalize } from "./normalizers.ts";
export { decodeItem, encodeItem, encodeMarker, encodeContext } from "./envelope.ts";
export type { BusContext, DecodedItem } from "./envelope.ts";
export { itemSubject, subjectToken, messageId, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, DEFAULT_DURABLE } from "./subjects.ts";
