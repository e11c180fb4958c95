import { kmeansHelperApi } from './kmeans-helper-api.ts';
import { serve } from './protocol.ts';

// The ML worker's second thread for k-means: it holds half of the rows and answers one part
// request at a time (src/ml/kmeans-parallel.ts). Terminated with the fit, or with its parent.
serve(kmeansHelperApi());
