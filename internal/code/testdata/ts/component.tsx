import React from 'react';

export default function Page(props: { html: string }) {
  // rendering code, no sink
  return <div title={props.html}>{props.html}</div>;
}

export const handler = async (event: { code: string }) => {
  return eval(event.code); // want code-eval
};
