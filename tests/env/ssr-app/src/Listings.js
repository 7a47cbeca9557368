// A loadable chunk that imports the package itself: during hydration @loadable/component
// requires it synchronously, which fails (a Promise, React error #130) if importing the package
// made this module async.
import { useState } from 'react';
import { types, util } from './sdk';

export default function Listings({ initial, sdk }) {
  const [listings, setListings] = useState(initial);
  const [note, setNote] = useState('');
  const [variant, setVariant] = useState('');
  const refresh = async () => {
    // Data loading builds image variant params with util, as the Web Template's ducks do.
    const small = util.objectQueryString({ w: 640, h: 480, fit: 'scale' });
    setVariant(small);
    const res = await sdk.listings.query({ perPage: 5, 'imageVariant.small': small, include: ['images'] });
    const ids = res.data.data.every((l) => l.id instanceof types.UUID);
    setListings(res.data.data.map((l) => l.attributes.title));
    setNote(`refreshed on the client: ${res.data.data.length} listings, ids are UUIDs: ${ids}`);
  };
  const login = async () => {
    await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
    const me = await sdk.currentUser.show();
    setNote(`client signed in as ${me.data.data.attributes.email}`);
  };
  const whoami = async () => {
    const info = await sdk.authInfo();
    const me = info.isAnonymous === false ? await sdk.currentUser.show() : null;
    setNote(`client sees ${me ? me.data.data.attributes.email : 'nobody'}`);
  };
  return (
    <section>
      <ul id="listings">{listings.map((title) => <li key={title}>{title}</li>)}</ul>
      <p id="variant">{variant}</p>
      <button id="refresh" type="button" onClick={refresh}>Refresh</button>
      <button id="login" type="button" onClick={login}>Log in as Alice</button>
      <button id="whoami" type="button" onClick={whoami}>Who am I?</button>
      <p id="note">{note}</p>
    </section>
  );
}
