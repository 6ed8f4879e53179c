import type { CiStatus } from '../release/gates.js';
import type { SettingsRepo } from '../store/settings-repo.js';

/** Reads the CI status of a branch head for the 0→1 gate. GitHub's checks implement it in a later part. */
export interface CiSource {
  statusOf(branch: string): Promise<CiStatus>;
}

export type SimulatedCiState = 'pass' | 'fail' | 'pending';
const KEY = 'simulated-ci';

/** Local mode: a CI status the shell sets with `/ci pass|fail|pending`; green until told otherwise. */
export class SimulatedCi implements CiSource {
  constructor(private readonly settings: SettingsRepo) {}

  set(state: SimulatedCiState): void {
    this.settings.set(KEY, state);
  }

  get state(): SimulatedCiState {
    const value = this.settings.get(KEY);
    return value === 'fail' || value === 'pending' ? value : 'pass';
  }

  async statusOf(): Promise<CiStatus> {
    switch (this.state) {
      case 'pass':
        return { state: 'green' };
      case 'fail':
        return { state: 'failing', failing: ['simulated CI (set with /ci pass)'] };
      case 'pending':
        return { state: 'pending', running: ['simulated CI'] };
    }
  }
}
