import Grid from '@material-ui/core/Grid';
import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder tiles while deployments load, shaped like the real ones. */
export function DeploymentsSkeleton(props: { tiles?: number }) {
  const tiles = Array.from({ length: props.tiles ?? 2 }, (_, i) => i);
  return (
    <Grid
      container
      spacing={2}
      role="progressbar"
      aria-busy="true"
      aria-label="Loading deployments"
    >
      {tiles.map(i => (
        <Grid item xs={12} md={6} key={i}>
          <Skeleton variant="text" width="40%" height={28} />
          <Skeleton variant="text" width="80%" />
          <Skeleton variant="text" width="60%" />
          <Skeleton variant="rect" height={48} />
        </Grid>
      ))}
    </Grid>
  );
}
