import { replyBeforePost } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

// Carol reads keys that have no value yet: a 404, which Chromium logs as a resource that failed.
test.use({ allowRefusedConnections: true });

test("Reply before post: without sessions Carol sees the reply alone and the client checker rings it; with them node2 waits, node3 buffers", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  const run = page.locator(".scenario-run");
  const verdict = page.getByRole("list", { name: "Verdict" });
  await page.getByRole("button", { name: replyBeforePost.title, exact: true }).click();
  await expect(run.locator(".phase")).toHaveText("done", { timeout: 60_000 });
  await expect(verdict.locator("li.bad")).toHaveCount(0);
  await expect(verdict.locator("li.ok").nth(0)).toContainText(
    "the client checker rang: Carol's read of post at node3 (→ nothing) missed Alice's write post=lunch at noon? (node1:1)",
  );
  await expect(verdict.locator("li.ok").nth(0)).toContainText(
    "Bob's writes-follow-reads was broken",
  );
  await expect(verdict.locator("li.ok").nth(1)).toHaveText(
    "✔ node2 wrote reply2=sure! only once it had post2=dinner at eight?: its clock counts it",
  );
  await expect(verdict.locator("li.ok").nth(2)).toContainText("node3 buffered reply2=sure! for");
  await expect(verdict.locator("li.ok").nth(3)).toContainText(
    "every client saw post2 and reply2 in causal order",
  );

  // The clients' lanes, above the replicas', with their requests.
  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  await expect(diagram.locator(".client-lane-label")).toHaveText(["Alice", "Bob", "Carol"]);
  await expect(diagram.locator('[data-client="Carol"]')).toHaveCount(6);
  // Act 1 rung on the diagram where Carol read, and in the live verdict.
  const rung = diagram.locator("[data-client-violation]");
  await expect(rung).toHaveCount(1);
  await expect(rung.locator("title")).toContainText("Bob's writes-follow-reads was broken");
  const live = page.getByRole("region", { name: "Live verdict" });
  await expect(live.locator('[data-verdict="clients"]')).toHaveText(
    "✘ Clients saw causality broken: 1 read",
  );
  // Act 2: Bob's reply carried his context and was answered only once node2 had the post.
  const bobsReply = diagram.locator('[data-client="Bob"]').last().locator("title");
  await expect(bobsReply).toContainText(
    'Bob → node2: write reply2 = "sure!", carrying the context [node1:2',
  );
  await expect(bobsReply).toContainText(/written after \d\.\d s/);
});

test("by hand: Bob replies in his session at node2, which waits for the post; Carol's session never sees the reply alone", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await lab.client("node1").setLink("node2", { delayMs: 1500 });
  // Held, not slowed: however long the clicks take, the post stays away from node3.
  await lab.client("node1").setLink("node3", { hold: true });
  const form = page.getByRole("form", { name: "Write form" });
  const result = form.locator("output");
  const act = async (client: string, replica: string, key: string, value?: string) => {
    await form.getByRole("combobox", { name: "Client" }).selectOption(client);
    await form.getByRole("combobox", { name: "Replica" }).selectOption(replica);
    await form.getByRole("textbox", { name: "Key" }).fill(key);
    if (value === undefined) await form.getByRole("button", { name: "Get" }).click();
    else {
      await form.getByRole("textbox", { name: "Value" }).fill(value);
      await form.getByRole("button", { name: "Put" }).click();
    }
  };
  await expect(form.getByRole("checkbox", { name: "use session" })).toBeChecked();

  await act("Alice", "node1", "post", "hi");
  await expect(result).toHaveText(/^Alice \(in a session\): node1 wrote post=hi/);
  await act("Bob", "node1", "post");
  await expect(result).toHaveText("Bob (in a session): node1 has post = hi");
  await act("Bob", "node2", "reply", "ok");
  await expect(result).toHaveText(
    "Bob (in a session): node2 wrote reply=ok with clock [node1:1, node2:1, node3:0]",
  );
  await act("Carol", "node3", "reply");
  await expect(result).toHaveText("Carol (in a session): node3 has no value for reply");
  await lab.client("node1").setLink("node3", { hold: false });

  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  await expect(diagram.locator(".client-lane-label")).toHaveText(["Alice", "Bob", "Carol"]);
  await expect(diagram.locator('[data-client="Bob"]').last().locator("title")).toContainText(
    "carrying the context [node1:1",
  );
  const live = page.getByRole("region", { name: "Live verdict" });
  await expect(live.locator('[data-verdict="clients"]')).toHaveText(
    "✔ Clients saw causal order (4 requests checked)",
  );

  // Without his session, Bob's next reply is written at once, without the post it follows.
  await lab.client("node1").setLink("node2", { delayMs: 20_000 });
  await form.getByRole("checkbox", { name: "use session" }).uncheck();
  await act("Bob", "node1", "post2", "again");
  await act("Bob", "node2", "reply2", "sure");
  await expect(result).toHaveText(
    /^Bob: node2 wrote reply2=sure with clock \[node1:1, node2:2, node3:0\]$/,
  );
});
