import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { HealthScore } from '../../../../common/src/contracts/relationship-health.ts';
import { healthBasisLabels } from '../../../../common/src/labels/relationship-health.ts';

const colourOf = (score: number | null) =>
  score === null ? 'gray.7' : score >= 70 ? '#216e39' : score >= 40 ? 'yellow.4' : 'red.9';

/** A health score as a badge: the number with its colour, or "No data". */
export function HealthBadge({
  score,
  label = 'Health',
}: {
  score: number | null | undefined;
  label?: string;
}) {
  const value = score ?? null;
  return (
    <Badge color={colourOf(value)} autoContrast size="lg">
      {value === null ? `${label ? `${label}: n` : 'N'}o data` : `${label} ${value}`.trim()}
    </Badge>
  );
}

/** Every part of a score: its own score (or "No data": left out, not counted as 0), its weight and the data behind it. */
export function HealthParts({ health, headingOrder = 4 }: { health: HealthScore; headingOrder?: 4 | 5 }) {
  const Heading = `h${headingOrder}` as const;
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {healthBasisLabels[health.basis]} · rule version {health.ruleVersion}
      </Text>
      {health.parts.map((p) => (
        <section key={p.key} aria-label={p.label}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Heading style={{ margin: 0, fontSize: 'var(--mantine-font-size-sm)', fontWeight: 600 }}>
              {p.label}
            </Heading>
            <Text size="sm">
              {p.score === null ? 'No data, left out' : `${p.score} of 100`} · weight {p.weight}
            </Text>
          </Group>
          {p.score !== null && (
            <Progress
              value={p.score}
              color={colourOf(p.score)}
              size="sm"
              aria-label={`${p.label}: ${p.score} of 100`}
            />
          )}
          <Text component="ul" size="xs" c="dimmed" m={0} pl="md">
            {p.facts.map((f) => (
              <li key={f.label}>
                {f.label}: {f.value}
              </li>
            ))}
          </Text>
        </section>
      ))}
    </Stack>
  );
}
