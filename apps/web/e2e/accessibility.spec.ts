import { scenarios } from "@causal-kv/scenarios";
import { freshLab } from "./labPage";
import { expect, test } from "./labTest";

const interactiveRoles = new Set([
  "button",
  "checkbox",
  "switch",
  "slider",
  "spinbutton",
  "textbox",
  "combobox",
  "listbox",
  "option",
  "link",
  "DisclosureTriangle",
]);

test("every control has an accessible name", async ({ page, lab }) => {
  await freshLab(page, lab);
  await lab.client("node1").put("a11y", "1");
  const ids = Object.keys(lab.replicas);
  const form = page.getByRole("form", { name: "Write form" });
  const named = [
    form.getByRole("combobox", { name: "Client" }),
    form.getByRole("checkbox", { name: "use session" }),
    form.getByRole("combobox", { name: "Replica" }),
    form.getByRole("textbox", { name: "Key" }),
    form.getByRole("textbox", { name: "Value" }),
    form.getByRole("button", { name: "Put" }),
    form.getByRole("button", { name: "Get" }),
    page.getByRole("switch", { name: "Naive delivery" }),
    page.getByText("Trace files", { exact: true }),
    page.getByLabel("Import trace file"),
    page.getByRole("button", { name: /^Follow(ing)? now$/ }),
    page.getByRole("img", { name: "Space-time diagram" }),
    page.getByRole("slider", { name: "Replay" }),
    page.getByRole("button", { name: "Back to now" }),
    page.getByRole("listbox", { name: "Events" }),
    page.getByRole("button", { name: "Reset cluster" }),
    page.getByRole("region", { name: "Live verdict" }),
    page.getByRole("region", { name: "Held messages" }),
    ...scenarios.map((s) => page.getByRole("button", { name: s.title, exact: true })),
  ];
  for (const from of ids)
    for (const to of ids.filter((id) => id !== from))
      for (const control of ["delay", "jitter", "drop %"])
        named.push(page.getByRole("spinbutton", { name: `${control} ${from} → ${to}` }));
  for (const from of ids)
    for (const to of ids.filter((id) => id !== from))
      for (const control of ["partition", "hold"])
        named.push(page.getByRole("checkbox", { name: `${control} ${from} → ${to}` }));
  for (const locator of named) await expect(locator).toHaveCount(1);

  // And nothing interactive anywhere on the page is left without a name.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
  };
  const unnamed = nodes.filter(
    (node) =>
      !node.ignored &&
      interactiveRoles.has(node.role?.value ?? "") &&
      !(node.name?.value ?? "").trim(),
  );
  expect(unnamed.map((node) => node.role?.value)).toEqual([]);
  expect(nodes.filter((n) => n.role?.value === "option").length).toBeGreaterThan(0);
});

test("the diagram's text alternative is reachable by keyboard", async ({ page, lab }) => {
  await freshLab(page, lab);
  await lab.client("node2").put("k", "v");
  const diagram = page.getByRole("img", { name: "Space-time diagram" });
  await expect(diagram).toHaveAttribute("aria-describedby", "diagram-text-alternative");
  await expect(page.locator("#diagram-text-alternative")).toContainText("Events list");
  const events = page.getByRole("listbox", { name: "Events" });
  // The scrubber is enabled once there is a run to scrub: all six events of the write.
  await expect(events.getByRole("option")).toHaveCount(6);
  await expect(page.getByRole("slider", { name: "Replay" })).toBeEnabled();
  await page.getByRole("slider", { name: "Replay" }).focus();
  await page.keyboard.press("Tab");
  await expect(events).toBeFocused();
  // The cursor starts on the newest event; Home goes to the first.
  await page.keyboard.press("Home");
  await expect(events.locator('[data-active="true"]')).toContainText("node2 wrote k=v");
  await page.keyboard.press("ArrowDown");
  await expect(events.locator('[data-active="true"]')).toContainText("node2 sent k=v");
  const active = await events.getAttribute("aria-activedescendant");
  await expect(page.locator(`#${active}`)).toContainText("node2 sent k=v");
});

test("the lab fits one 1280×720 screen, readable, with nothing overlapping", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: scenarios[1]?.title ?? "", exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(size.width).toBeLessThanOrEqual(1280);
  expect(size.height).toBeLessThanOrEqual(720);

  const boxes = await page.evaluate(() =>
    [".lab-header", ".diagram", ".replay-bar", ".event-row", ".replica-panels", ".lab-side"].map(
      (selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        return {
          selector,
          top: box?.top ?? 0,
          bottom: box?.bottom ?? 0,
          left: box?.left ?? 0,
          right: box?.right ?? 0,
        };
      },
    ),
  );
  const main = boxes.filter((b) => b.selector !== ".lab-side");
  for (let i = 1; i < main.length; i++)
    expect(
      main[i]?.top,
      `${main[i]?.selector} starts below ${main[i - 1]?.selector}`,
    ).toBeGreaterThanOrEqual((main[i - 1]?.bottom ?? 0) - 0.5);
  const side = boxes.find((b) => b.selector === ".lab-side");
  for (const box of main.slice(1))
    expect(box.right, `${box.selector} ends left of the side column`).toBeLessThanOrEqual(
      (side?.left ?? 0) + 0.5,
    );

  // Projector-readable: no visible text smaller than 12 px.
  const smallest = await page.evaluate(() => {
    let min = Number.POSITIVE_INFINITY;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.closest(".sr-only")) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      min = Math.min(min, Number.parseFloat(getComputedStyle(element).fontSize));
    }
    return min;
  });
  expect(smallest).toBeGreaterThanOrEqual(12);
});

test("the diagram takes the screen's height, the verdict stays in sight, and 1024×768 has one scroller at most", async ({
  page,
  lab,
}) => {
  await freshLab(page, lab);
  await page.getByRole("button", { name: scenarios[1]?.title ?? "", exact: true }).click();
  await expect(page.locator(".scenario-run .phase")).toHaveText("done", { timeout: 45_000 });
  const measure = () =>
    page.evaluate(() => {
      const main = document.querySelector(".lab-main");
      const verdict = document.querySelector(".verdict-panel")?.getBoundingClientRect();
      return {
        pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
        mainScrolls: (main?.scrollHeight ?? 0) > (main?.clientHeight ?? 0) + 1,
        diagram: document.querySelector(".diagram")?.getBoundingClientRect().height ?? 0,
        verdictTop: verdict?.top ?? -1,
        verdictBottom: verdict?.bottom ?? 0,
      };
    });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await measure()).diagram).toBeGreaterThan(480);
  expect((await measure()).pageScrolls).toBe(false);

  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(async () => (await measure()).pageScrolls).toBe(false);
  expect((await measure()).mainScrolls).toBe(false);
  await expect(page.getByRole("region", { name: "Replica node3" })).toBeInViewport({ ratio: 1 });

  // Scrolling the side column to its end leaves the verdict where it was.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator(".lab-side").evaluate((side) => side.scrollTo(0, side.scrollHeight));
  const after = await measure();
  expect(after.verdictTop).toBeGreaterThanOrEqual(0);
  expect(after.verdictBottom).toBeLessThanOrEqual(720);
  await expect(page.getByRole("region", { name: "Live verdict" })).toBeInViewport({ ratio: 1 });
});
