import { Document } from 'yaml';
import type { RawConfig } from '../config/raw';

const HEADER = [
  ' gateway.yaml written by `mwgate import-settings` from the token-authenticator',
  ' settings of a LocalSettings.php. Every key is described in docs/config.md.',
  ' Read the warnings it printed, set the variables it named, then:',
  '   mwgate check-config gateway.yaml',
].join('\n');
const LINE_WIDTH = 100;

/** The imported config as the YAML file `import-settings` writes, with its header. */
export function renderGatewayYaml(config: RawConfig): string {
  const document = new Document(config);
  document.commentBefore = HEADER;
  return document.toString({ lineWidth: LINE_WIDTH });
}
