'use strict';

const { Pool } = require('pg');

const pool = new Pool();

function byCountry(country, orderBy) {
  return pool.query('SELECT id, name FROM customers WHERE country = \'' + country + '\' ORDER BY ' + orderBy); // want CODE004
}

exports.handler = async (event) => {
  const { name, country, sort = 'name' } = event.queryStringParameters;
  const { rows } = await pool.query(`SELECT id, name FROM customers WHERE name ILIKE '%${name}%'`); // want CODE004
  const local = await byCountry(country, sort);
  return { statusCode: 200, body: JSON.stringify({ rows, local: local.rows }) };
};
