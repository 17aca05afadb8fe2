/**
 * POST /api/chat answers with the AI SDK's UI message stream; its `start` part carries this as
 * `messageMetadata`: when the reply was created and which question it answers.
 */
export interface ReplyMetadata {
  createdAt: string;
  userMessageId: string;
}
