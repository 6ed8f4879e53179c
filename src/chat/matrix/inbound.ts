/** The fields of a Matrix room event this adapter reads. */
export interface RoomEvent {
  readonly type?: string;
  readonly event_id?: string;
  readonly sender?: string;
  readonly origin_server_ts?: number;
  readonly state_key?: string;
  readonly content?: Record<string, unknown>;
}

/**
 * The command text of a room message, or null when it is not something a person typed for the bot:
 * not a plain text message (notices are what bots send; images and the like carry no command), sent by the
 * bot itself, or an edit of an earlier message (the original was already handled).
 * A reply's quoted fallback ("> <@alice:x> ..." lines) is cut off, so the text is what the person wrote.
 */
export function commandTextOf(event: RoomEvent, botUserId: string): string | null {
  const content = event.content;
  if (!content || event.sender === undefined || event.sender === botUserId) return null;
  if (content['msgtype'] !== 'm.text' || typeof content['body'] !== 'string') return null;
  const relation = content['m.relates_to'] as { rel_type?: unknown } | undefined;
  if (relation?.rel_type === 'm.replace' || content['m.new_content'] !== undefined) return null;
  return stripReplyFallback(content['body']);
}

export function stripReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('> ')) i += 1;
  // The fallback is separated from the new text by one empty line; without it, the quote is the message.
  if (lines[i] !== '') return body;
  return lines.slice(i + 1).join('\n');
}
