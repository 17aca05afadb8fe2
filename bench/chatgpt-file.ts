// A ChatGPT conversations.json written for the import benches (bench:import-read, bench:import):
// conversations of `turns` turns, each turn a user message, a tool hop the reader drops and a
// reply, after a hidden system node; the first turn's reply also has a regenerated version.
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Characters of each kind of message. */
export interface MessageSizes {
  user: number;
  tool: number;
  reply: number;
  regenerated: number;
}

const DEFAULT_SIZES: MessageSizes = { user: 300, tool: 400, reply: 1500, regenerated: 800 };

/** Messages the import keeps of one conversation: each turn's two and the regenerated reply. */
export const keptMessages = (turns: number) => 2 * turns + 1;

const words =
  "the of and to in is you that it he was for on are as with his they at be this have from".split(
    " ",
  );

function text(seed: number, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += `${words[(seed * 31 + i * 7) % words.length]} `;
  return out;
}

/** One conversation: a null root, a hidden system node, then turns with a tool hop and a branch. */
function conversation(index: number, turns: number, sizes: MessageSizes): string {
  const mapping: Record<string, unknown> = {};
  const node = (id: string, parent: string | null, children: string[], message: unknown) => {
    mapping[id] = { id, parent, children, message };
  };
  const message = (id: string, role: string, content: string, extra: object = {}) => ({
    id,
    author: { role, name: null, metadata: {} },
    create_time: 1_700_000_000 + index * 1000 + Object.keys(mapping).length,
    content: { content_type: "text", parts: [content] },
    status: "finished_successfully",
    metadata: {},
    recipient: "all",
    ...extra,
  });
  node("root", null, ["system"], null);
  node(
    "system",
    "root",
    ["u0"],
    message("system", "system", "", { metadata: { is_visually_hidden_from_conversation: true } }),
  );
  let parent = "system";
  for (let turn = 0; turn < turns; turn++) {
    const user = `u${turn}`;
    const tool = `t${turn}`;
    const reply = `a${turn}`;
    node(user, parent, [tool], message(user, "user", text(index + turn, sizes.user)));
    node(
      tool,
      user,
      [reply],
      message(tool, "tool", text(turn, sizes.tool), {
        content: { content_type: "execution_output", text: "ok" },
      }),
    );
    node(
      reply,
      tool,
      turn + 1 < turns ? [`u${turn + 1}`] : [],
      message(reply, "assistant", text(index * turn, sizes.reply)),
    );
    parent = reply;
  }
  node("regen", "u0", [], message("regen", "assistant", text(index, sizes.regenerated)));
  return JSON.stringify({
    title: `Bench conversation ${index}`,
    create_time: 1_700_000_000 + index * 1000,
    update_time: 1_700_000_000 + index * 1000 + 999,
    mapping,
    current_node: parent,
    conversation_id: `bench-${index}`,
    id: `bench-${index}`,
  });
}

/** Writes conversations to `file` while `more(conversations, bytes)` holds; returns both. */
export async function writeConversations(
  file: string,
  {
    turns,
    sizes = DEFAULT_SIZES,
    more,
  }: {
    turns: number;
    sizes?: MessageSizes;
    more: (conversations: number, bytes: number) => boolean;
  },
): Promise<{ conversations: number; bytes: number }> {
  const out = createWriteStream(file);
  let bytes = 0;
  let conversations = 0;
  const write = async (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write("[\n");
  while (more(conversations, bytes)) {
    await write(`${conversations ? ",\n" : ""}${conversation(conversations, turns, sizes)}`);
    conversations++;
  }
  await write("\n]\n");
  out.end();
  await once(out, "finish");
  return { conversations, bytes };
}
