"use client";

import { Check, Monitor, Moon, Sun } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { readTheme, setTheme, subscribeTheme, type Theme, themes } from "@/lib/theme";

const options = {
  system: { label: "System", Icon: Monitor },
  light: { label: "Light", Icon: Sun },
  dark: { label: "Dark", Icon: Moon },
} satisfies Record<Theme, unknown>;

/** System, light or dark: a menu of three radio items, the choice named on its button. */
export function ThemeMenu() {
  // The server cannot know the stored choice: it renders "system", corrected once hydrated.
  const theme = useSyncExternalStore(subscribeTheme, readTheme, () => "system" as const);
  const { label, Icon } = options[theme];
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Theme: ${label}`}
          title={`Theme: ${label}`}
        >
          <Icon className="h-4 w-4" />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-30 min-w-36 rounded-xl border border-border bg-popover p-1.5 text-popover-foreground shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
            Theme
          </DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={theme}
            onValueChange={(value) => setTheme(value as Theme)}
          >
            {themes.map((value) => {
              const option = options[value];
              return (
                <DropdownMenu.RadioItem
                  key={value}
                  value={value}
                  className="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground"
                >
                  <option.Icon className="h-4 w-4 text-muted-foreground" />
                  <span className="flex-1">{option.label}</span>
                  <DropdownMenu.ItemIndicator>
                    <Check className="h-4 w-4 text-link" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
