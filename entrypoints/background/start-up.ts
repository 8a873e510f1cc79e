import { createStartUpWork } from '@/lib/messaging/start-up-work';

/**
 * This worker's start-up gate (lib/messaging/start-up-work.ts): work deferred here starts once
 * the first message is answered, or a second after start when the worker was woken by something
 * else (an alarm, the browser starting, a permission change), which answers no message.
 */
export const startUpWork = createStartUpWork({ graceMs: 1000 });
