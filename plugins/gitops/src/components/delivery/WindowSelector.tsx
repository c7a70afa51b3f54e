import {
  METRIC_WINDOWS_DAYS,
  type MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';

/** The 7 / 30 / 90 days choice; one is always selected. */
export function WindowSelector(props: {
  value: MetricWindowDays;
  onChange: (value: MetricWindowDays) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      aria-label="Metrics window"
      onChange={(_event, value: MetricWindowDays | null) => {
        if (value !== null) props.onChange(value);
      }}
    >
      {METRIC_WINDOWS_DAYS.map(days => (
        <ToggleButton key={days} value={days} aria-label={`${days} days`}>
          {days} d
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
