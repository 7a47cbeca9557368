// The app: a code-split listing list (its chunk imports the SDK), the signed-in user's email
// as the server saw it, and buttons that use the SDK in the browser.
import loadable from '@loadable/component';

const Listings = loadable(() => import(/* webpackChunkName: "listings" */ './Listings'));

export default function App({ initial, sdk }) {
  return (
    <main>
      <h1>SSR app on sharetribe-sdk-wasm</h1>
      <p id="server-user">{initial.email ? `server sees ${initial.email}` : 'server sees nobody'}</p>
      <Listings initial={initial.listings} sdk={sdk} />
    </main>
  );
}
