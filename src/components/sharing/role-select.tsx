import { cn } from "@/lib/cn";
import { type ShareRole, shareRoles } from "@/lib/contract/entities";

/** What each role may do, as the share dialog offers them. */
export const ROLE_LABELS: Record<ShareRole, string> = {
  viewer: "Viewer: can read",
  collaborator: "Collaborator: can also ask",
};

/** A plain select of the share roles: the platform's own keyboard and screen reader support. */
export function RoleSelect({
  value,
  onChange,
  id,
  label,
  disabled,
  className,
  testId,
}: {
  value: ShareRole;
  onChange: (role: ShareRole) => void;
  id?: string;
  /** Its accessible name when no <label> points at it. */
  label?: string;
  disabled?: boolean;
  className?: string;
  testId?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      aria-label={label}
      disabled={disabled}
      data-testid={testId}
      onChange={(e) => {
        const role = shareRoles.find((r) => r === e.target.value);
        if (role) onChange(role);
      }}
      className={cn(
        "h-10 rounded-md border border-input bg-card px-2 text-sm text-card-foreground focus:border-ring focus:outline-none focus:ring-2 focus:ring-ring/30 disabled:opacity-60",
        className,
      )}
    >
      {shareRoles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
