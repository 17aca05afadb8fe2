import { describe, expect, it } from "vitest";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/cn";

describe("cn", () => {
  it("lets a later utility win over the one it conflicts with", () => {
    expect(cn("inline-flex px-2", "hidden md:inline-flex")).toBe("px-2 hidden md:inline-flex");
    expect(cn("p-2", false && "p-4", ["text-sm"])).toBe("p-2 text-sm");
  });

  it("lets a caller hide a button on small screens (its own inline-flex gives way)", () => {
    const classes = cn(buttonVariants({ variant: "ghost", size: "icon" }), "hidden md:inline-flex");
    expect(classes.split(" ")).toContain("hidden");
    expect(classes.split(" ")).not.toContain("inline-flex");
  });
});
