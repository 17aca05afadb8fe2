import { cn } from "@/lib/cn";
import type { SessionTag, TagColor } from "@/lib/contract/entities";

// Whole class names, so Tailwind sees each one.
const dotColor: Record<TagColor, string> = {
  gray: "bg-tag-gray",
  red: "bg-tag-red",
  orange: "bg-tag-orange",
  yellow: "bg-tag-yellow",
  green: "bg-tag-green",
  teal: "bg-tag-teal",
  blue: "bg-tag-blue",
  purple: "bg-tag-purple",
  pink: "bg-tag-pink",
};

export function TagDot({ color, className }: { color: TagColor; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn("inline-block h-2 w-2 shrink-0 rounded-full", dotColor[color], className)}
    />
  );
}

/** A tag as a small chip: its colour's dot and its name. */
export function TagChip({ tag, className }: { tag: SessionTag; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex max-w-[10rem] items-center gap-1 rounded-full border border-border bg-muted px-1.5 py-px text-[11px] leading-4 text-muted-foreground",
        className,
      )}
      data-testid="tag-chip"
    >
      <TagDot color={tag.color} />
      <span className="truncate">{tag.name}</span>
    </span>
  );
}

/** A row of chips; screen readers hear "Tags: a, b". */
export function TagChips({ tags, className }: { tags: SessionTag[]; className?: string }) {
  if (tags.length === 0) return null;
  return (
    <span
      className={cn("flex min-w-0 flex-wrap gap-1", className)}
      role="img"
      aria-label={`Tags: ${tags.map((t) => t.name).join(", ")}`}
    >
      {tags.map((tag) => (
        <TagChip key={tag.id} tag={tag} />
      ))}
    </span>
  );
}
