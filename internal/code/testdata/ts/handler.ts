import { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as cp from 'child_process';
import { Client } from 'pg';

const client = new Client();

interface Body {
  name: string;
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? '{}') as Body;
  const name: string = body.name;
  cp.execSync(`grep ${name} /tmp/names.txt`); // want command-injection
  await client.query(`SELECT * FROM users WHERE name = '${name}'`); // want sql-injection
  console.log(event); // want sensitive-logging

  // good
  await client.query('SELECT * FROM users WHERE name = $1', [name]);
  return { statusCode: 200, body: '' };
};

export async function other(event: { url: string }): Promise<void> {
  await fetch(event.url!); // want ssrf
}
