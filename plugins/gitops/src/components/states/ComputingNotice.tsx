import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';

/**
 * The backend is still building this entity's view (a new entity, or just
 * after start-up); the page asks again shortly and shows what it has.
 */
export function ComputingNotice(props: { computing?: boolean }) {
  if (!props.computing) return null;
  return (
    <div role="status" style={{ marginBottom: 16 }}>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Building the view…
      </Typography>
      <LinearProgress aria-label="Building the view" />
    </div>
  );
}
