// The dashboard's entry: mounts the app. Everything it shows comes from amr's public Graph API.
import { render } from 'preact';
import { takeCallback } from './api/oidc';
import { watchSignInCode } from './api/sign-in-code';
import { App } from './ui/app';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading…" line the HTML shows until the script runs
// An authorization answer (?code=…&state=…) and a demo sign-in code (#signin=…) leave the address
// before anything renders; the code's listener comes before the router's.
watchSignInCode();
render(<App callback={takeCallback()} />, root);
