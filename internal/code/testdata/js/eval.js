import vm from 'vm';

export const handler = async ({ body, queryStringParameters }) => {
  const expr = JSON.parse(body).expr;
  eval(expr); // want code-eval
  const fn = new Function('x', 'return ' + queryStringParameters.f); // want code-eval
  vm.runInNewContext(expr, {}); // want code-eval
  setTimeout(expr, 10); // want code-eval

  // good
  setTimeout(() => console.log('done'), 10);
  eval('1 + 1');
  return fn;
};
