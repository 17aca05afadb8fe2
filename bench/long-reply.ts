// A long model reply with code blocks, for the render bench and the markdown tests.

/** A long reply as models write them: prose, lists and fenced code in several languages. */
export function longReply(chars: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.join("\n\n").length < chars; i++) {
    parts.push(
      `## Step ${i + 1}: wire the **pricing** page`,
      `Here is what changes in part ${i + 1}. The \`PricingTable\` reads plans from the API, ` +
        "keeps the selected plan in the URL, and renders a card per plan with its features.",
      "- Read the plans once per request\n- Keep the choice in `?plan=`\n- Show a badge on the popular plan",
      "```tsx\n" +
        `export function PricingTable({ plans }: { plans: Plan[] }) {\n` +
        `  const [selected, setSelected] = useState(plans[${i % 3}]?.id);\n` +
        '  return (\n    <ul className="grid gap-4 md:grid-cols-3">\n' +
        "      {plans.map((plan) => (\n        <PlanCard key={plan.id} plan={plan} selected={plan.id === selected} onSelect={setSelected} />\n      ))}\n" +
        "    </ul>\n  );\n}\n```",
      "```sql\nselect id, name, price_cents from plans where active order by price_cents;\n```",
    );
  }
  return parts.join("\n\n").slice(0, chars);
}
