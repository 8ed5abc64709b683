// The environment picker: shows which environment {{variables}} resolve from and lets the user choose
// another (the host shows VS Code's quick pick, the same as the status bar item).
import { button } from '../controls';
import { describeError, type Host } from '../host';

export interface EnvironmentApi {
  element: HTMLElement;
  /** The host's word on the current environment. */
  show(name: string | null): void;
}

export function environmentPicker(host: Host, onProblem: (message: string) => void): EnvironmentApi {
  const element = button('', () => void choose(), { icon: 'symbol-variable', secondary: true, id: 'environment' });
  const show = (name: string | null) => {
    element.textContent = name ? `env: ${name}` : 'no env';
    element.title = name
      ? `{{variables}} come from .vscode/grpc-ipc/environments/${name}.json. Click to choose another environment.`
      : 'No environment: {{variables}} have no values. Click to choose one.';
  };
  const choose = async () => {
    try {
      show((await host.request('chooseEnvironment', {})).environment);
    } catch (error) {
      onProblem(describeError(error).message);
    }
  };
  show(null);
  return { element, show };
}
