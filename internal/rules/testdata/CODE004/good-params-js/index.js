'use strict';

const { Pool } = require('pg');

const pool = new Pool();
const SORTS = { name: 'name', created: 'created_at' };

exports.handler = async (event) => {
  const { name, country, sort = 'name', limit } = event.queryStringParameters;
  const column = SORTS[sort] || 'name';
  const { rows } = await pool.query('SELECT id, name FROM customers WHERE name ILIKE $1', [`%${name}%`]);
  const local = await pool.query({ text: 'SELECT id FROM customers WHERE country = $1', values: [country] });
  const n = parseInt(limit, 10) || 50;
  const recent = await pool.query(`SELECT id FROM customers ORDER BY created_at DESC LIMIT ${n}`);
  return { statusCode: 200, body: JSON.stringify({ rows, local: local.rows, recent: recent.rows, column }) };
};
