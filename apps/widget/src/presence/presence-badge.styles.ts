import { stylesheet } from '../dom';
import css from './presence-badge.css';

export const badgeStyles = stylesheet(css);
