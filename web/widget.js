'use strict';
// The web chat's widget for a municipality's own site: one <script src="https://bot.example.nl/chat/widget.js"
// defer></script> adds a button that opens the chat at /chat/ on buurtbot's own site, in a new tab. No
// frame: the chat's cookie is then first-party and SameSite=Strict works. data-lang="en" on the script
// tag opens the English chat, data-label sets the button's words.
(function () {
  const script = document.currentScript;
  if (!script || !script.src) return;
  const origin = new URL(script.src).origin;
  const pageLang = (script.dataset.lang || document.documentElement.lang || 'nl').slice(0, 2).toLowerCase();
  const english = pageLang === 'en';
  const link = document.createElement('a');
  link.href = origin + '/chat/' + (english ? '?lang=en' : '');
  link.target = '_blank';
  link.rel = 'noopener';
  link.className = 'buurtbot-chat';
  link.textContent = script.dataset.label || (english ? 'Chat with the municipality' : 'Chat met de gemeente');
  const style = link.style;
  style.position = 'fixed';
  style.right = '1rem';
  style.bottom = '1rem';
  style.zIndex = '2147483000';
  style.padding = '0.75rem 1rem';
  style.background = '#00487a';
  style.color = '#ffffff';
  style.font = 'bold 1rem/1.5 system-ui, sans-serif';
  style.textDecoration = 'underline';
  style.borderRadius = '0.5rem';
  const add = () => document.body.append(link);
  if (document.body) add();
  else document.addEventListener('DOMContentLoaded', add);
})();
