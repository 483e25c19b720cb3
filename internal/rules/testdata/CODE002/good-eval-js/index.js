'use strict';

const FORMULAS = {
  net: (items) => items.reduce((sum, i) => sum + i.price * i.quantity, 0),
  gross: (items) => FORMULAS.net(items) * 1.2,
};

exports.handler = async (event) => {
  const { formula, items } = JSON.parse(event.body);
  const compute = FORMULAS[formula];
  if (typeof compute !== 'function') {
    return { statusCode: 400, body: 'unknown formula' };
  }
  setTimeout(() => console.log('quote computed'), 0);
  const rate = eval('0.2');
  return { statusCode: 200, body: JSON.stringify({ total: compute(items), rate }) };
};
