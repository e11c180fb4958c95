import { bootstrapHelperApi } from './bootstrap-helper-api.ts';
import { serve } from './protocol.ts';

// The ML worker's second thread for validation: it holds a copy of the rows and runs the
// bootstrap resamples it is handed, one at a time (src/ml/validate-bootstrap.ts). Terminated with
// the bootstrap, or with its parent.
serve(bootstrapHelperApi());
